-- The hero table of FastAPI's tutorial (SQLModel's `Hero`), with `name` unique.
CREATE TABLE hero (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL UNIQUE,
    age INTEGER,
    secret_name TEXT NOT NULL
);

CREATE INDEX ix_hero_age ON hero (age);
