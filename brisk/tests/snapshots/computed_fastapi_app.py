# The FastAPI app brisk/tests/computed_fields.rs ports: computed fields, and the -Input/-Output
# schema split. Run with fastapi==0.163.2 pydantic==2.14.3 httpx: prints computed_fastapi.json
# (both documents, with and without separate_input_output_schemas, and the JSON responses).
from typing import List, Optional
from decimal import Decimal
import json, sys
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel, ConfigDict, Field, computed_field
from pydantic.alias_generators import to_camel

class Rect(BaseModel):
    """A rectangle."""
    width: float
    height: float = 1.0

    @computed_field
    @property
    def area(self) -> float:
        """The area."""
        return self.width * self.height

    @computed_field(alias="perim", title="Perimeter", description="Twice the sides.")
    @property
    def perimeter(self) -> float:
        return 2 * (self.width + self.height)

class Shape(BaseModel):
    name: str
    rect: Rect
    tags: List[str] = []

class Tag(BaseModel):
    name: str
    color: str = "red"

class Leaf(BaseModel):
    value: int
    @computed_field
    @property
    def double(self) -> int:
        return self.value * 2

class Middle(BaseModel):
    leaf: Leaf
    note: Optional[str] = None

class Outer(BaseModel):
    middle: Middle
    middles: List[Middle] = []

class Summary(BaseModel):
    count: int
    rects: List[Rect] = []
    @computed_field
    @property
    def largest(self) -> Optional[Rect]:
        return max(self.rects, key=lambda r: r.area) if self.rects else None
    @computed_field
    @property
    def labels(self) -> List[str]:
        return [f"rect{i}" for i in range(len(self.rects))]
    @computed_field
    @property
    def first(self) -> Rect:
        return self.rects[0] if self.rects else Rect(width=0)

class Batch(BaseModel):
    rects: List[Rect]

class Person(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True)
    first_name: str
    last_name: str
    nickname: Optional[str] = None
    @computed_field
    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"
    @computed_field
    @property
    def nick_upper(self) -> Optional[str]:
        return self.nickname.upper() if self.nickname else None

class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")
    x: int
    @computed_field
    @property
    def y(self) -> int:
        return self.x + 1

class Price(BaseModel):
    amount: Decimal

def make_app(separate: bool) -> FastAPI:
    app = FastAPI(separate_input_output_schemas=separate)

    @app.post("/rects")
    def create_rect(rect: Rect) -> Rect:
        return rect

    @app.post("/shapes")
    def create_shape(shape: Shape) -> Shape:
        return shape

    @app.post("/tags")
    def create_tag(tag: Tag) -> Tag:
        return tag

    @app.post("/outer")
    def create_outer(outer: Outer) -> Outer:
        return outer

    @app.post("/summary")
    def summarize(batch: Batch) -> Summary:
        return Summary(count=len(batch.rects), rects=batch.rects)

    @app.post("/people")
    def create_person(person: Person) -> Person:
        return person

    @app.post("/people/none", response_model=Person, response_model_exclude_none=True)
    def person_none(person: Person):
        return person

    @app.post("/people/unset", response_model=Person, response_model_exclude_unset=True)
    def person_unset(person: Person):
        return person

    @app.post("/people/defaults", response_model=Person, response_model_exclude_defaults=True)
    def person_defaults(person: Person):
        return person

    @app.post("/people/include", response_model=Person, response_model_include={"first_name", "full_name"})
    def person_include(person: Person):
        return person

    @app.post("/people/exclude", response_model=Person, response_model_exclude={"full_name"})
    def person_exclude(person: Person):
        return person

    @app.post("/strict")
    def strict(s: Strict) -> Strict:
        return s

    @app.get("/leaf")
    def leaf() -> Leaf:
        return Leaf(value=21)

    @app.post("/rects/include", response_model=Rect, response_model_include={"width", "area"})
    def rect_include(rect: Rect):
        return rect

    @app.post("/rects/exclude", response_model=Rect, response_model_exclude={"height", "perimeter"})
    def rect_exclude(rect: Rect):
        return rect

    @app.get("/tags/first", responses={404: {"model": Leaf}})
    def first_tag() -> Tag:
        return Tag(name="first")

    @app.post("/prices")
    def price(p: Price) -> Price:
        return p

    return app

out = {}
for separate in (True, False):
    app = make_app(separate)
    out["openapi" if separate else "openapi_merged"] = app.openapi()
app = make_app(True)
c = TestClient(app)
calls = [
    ("/rects", {"width": 2, "height": 3}),
    ("/rects", {"width": 2, "area": 100, "perim": 1}),
    ("/shapes", {"name": "s", "rect": {"width": 1.5}}),
    ("/outer", {"middle": {"leaf": {"value": 1}}, "middles": [{"leaf": {"value": 2}, "note": "n"}]}),
    ("/summary", {"rects": [{"width": 1}, {"width": 3, "height": 2}]}),
    ("/summary", {"rects": []}),
    ("/people", {"firstName": "Ada", "lastName": "Lovelace"}),
    ("/people", {"first_name": "Ada", "last_name": "L", "nickname": "al", "fullName": "x"}),
    ("/people/none", {"firstName": "Ada", "lastName": "Lovelace"}),
    ("/people/unset", {"firstName": "Ada", "lastName": "Lovelace"}),
    ("/people/defaults", {"firstName": "Ada", "lastName": "Lovelace"}),
    ("/people/include", {"firstName": "Ada", "lastName": "Lovelace"}),
    ("/people/exclude", {"firstName": "Ada", "lastName": "Lovelace"}),
    ("/strict", {"x": 1}),
    ("/strict", {"x": 1, "y": 5}),
    ("/rects/include", {"width": 2}),
    ("/rects/exclude", {"width": 2}),
    ("/outer", {"middle": {"leaf": {"value": "3"}}}),
    ("/prices", {"amount": "1.50"}),
]
responses = []
for path, body in calls:
    r = c.post(path, json=body)
    responses.append({"path": path, "body": body, "status": r.status_code, "response": r.json()})
r = c.get("/leaf")
responses.append({"path": "/leaf", "body": None, "status": r.status_code, "response": r.json()})
out["responses"] = responses
json.dump(out, sys.stdout, indent=2)
