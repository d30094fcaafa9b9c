# The FastAPI app brisk/tests/model_features.rs ports; its components are the oracle.
from typing import Generic, List, Optional, TypeVar
import datetime, json
from fastapi import FastAPI
from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, NaiveDatetime
from pydantic.alias_generators import to_camel

T = TypeVar("T"); A = TypeVar("A"); B = TypeVar("B")

class UserIn(BaseModel):
    """A user, with camelCase keys."""
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)
    first_name: str
    last_name: str = Field(alias="LN")
    http_url2: Optional[int] = None

class Item(BaseModel):
    name: str

class Page(BaseModel, Generic[T]):
    """A page of results."""
    items: List[T]
    total: int = Field(ge=0)

class Pair(BaseModel, Generic[A, B]):
    model_config = ConfigDict(alias_generator=to_camel)
    first_value: A
    second_value: Optional[B] = None

class Event(BaseModel):
    at: AwareDatetime
    local: AwareDatetime
    naive: Optional[NaiveDatetime] = None
    times: List[datetime.time] = []

class Report(BaseModel):
    id: str
    tags: List[str]

app = FastAPI()

@app.post("/users")
def create_user(user: UserIn) -> UserIn: ...
@app.get("/items")
def list_items() -> Page[Item]: ...
@app.post("/pages")
def nested(p: Page[Page[int]]) -> Pair[Page[Item], list[str]]: ...
@app.post("/events")
def create_event(e: Event) -> Event: ...
@app.get("/report")
def report() -> Report: ...

print(json.dumps(app.openapi()["components"]["schemas"], indent=2, sort_keys=True))
