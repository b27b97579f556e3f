"""Run history and reviewer decisions in one SQLite file under the data folder.

The schema is a list of plain SQL migrations applied in order; `PRAGMA user_version` records how
many have run, so a new release appends a migration and never edits an old one.

Every call opens its own short-lived connection, so the store is safe to use from any thread.
"""
from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

# The largest integer SQLite stores; callers refuse larger ids and offsets before they reach a query.
SQLITE_MAX_INT = 2 ** 63 - 1

MIGRATIONS: tuple[str, ...] = (
    # 1: runs, their uploaded files, and reviewer decisions.
    """
    CREATE TABLE runs (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        locality    TEXT NOT NULL,
        uploader    TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        verdict     TEXT NOT NULL CHECK (verdict IN ('pass', 'fail')),
        errors      INTEGER NOT NULL,
        warnings    INTEGER NOT NULL,
        updated_at  TEXT NOT NULL,
        report_dir  TEXT NOT NULL UNIQUE
    );
    CREATE INDEX runs_locality ON runs (locality, id);
    CREATE TABLE files (
        run_id      INTEGER NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
        role        TEXT NOT NULL CHECK (role IN ('draft', 'baseline', 'scheme')),
        name        TEXT NOT NULL,
        stored_name TEXT NOT NULL UNIQUE,
        size        INTEGER NOT NULL,
        PRIMARY KEY (run_id, role)
    );
    CREATE TABLE decisions (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        locality    TEXT NOT NULL,
        run_id      INTEGER NOT NULL REFERENCES runs (id),
        target      TEXT NOT NULL CHECK (target IN ('alignment', 'scheme_link')),
        plan        TEXT NOT NULL CHECK (plan IN ('baseline', 'draft')),
        left_index  INTEGER,
        left_number TEXT,
        left_title  TEXT,
        right_index INTEGER,
        right_number TEXT,
        right_title TEXT,
        action      TEXT NOT NULL CHECK (action IN ('force', 'confirm', 'reject')),
        kind        TEXT,
        reviewer    TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL
    );
    CREATE INDEX decisions_locality ON decisions (locality, id);
    """,
    # 2: the draft's scheme coverage of each run (NULL: no scheme, or a run from before this column).
    """
    ALTER TABLE runs ADD COLUMN coverage REAL;
    """,
)


@dataclass(frozen=True)
class StoredFile:
    """One uploaded document: its role, the name the client gave, the random name it is kept under."""

    role: str
    name: str
    stored_name: str
    size: int


@dataclass(frozen=True)
class Run:
    """One row of the history."""

    id: int
    locality: str
    uploader: str
    created_at: str
    verdict: str
    errors: int
    warnings: int
    updated_at: str
    report_dir: str
    files: tuple[StoredFile, ...] = ()
    coverage: float | None = None  # scheme items the draft implements / scheme items; None without a scheme

    def file(self, role: str) -> StoredFile | None:
        """The uploaded file of a role, if there was one."""
        return next((f for f in self.files if f.role == role), None)


@dataclass(frozen=True)
class TaskKey:
    """A task as a decision remembers it: index in its run, printed number and title (for later runs)."""

    index: int | None
    number: str | None = None
    title: str | None = None


@dataclass(frozen=True)
class Decision:
    """A reviewer's ruling on an alignment pair (baseline -> draft) or a scheme link (task -> item)."""

    id: int
    locality: str
    run_id: int
    target: str  # 'alignment' or 'scheme_link'
    plan: str  # the left side: 'baseline' for alignment; 'draft' or 'baseline' for scheme links
    left: TaskKey
    right: TaskKey
    action: str
    kind: str | None
    reviewer: str
    created_at: str


def now_iso() -> str:
    """The current UTC time, to the second, in ISO 8601."""
    return datetime.now(timezone.utc).replace(microsecond=0).isoformat()


class Store:
    """The SQLite history of one data folder."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.migrate()

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 30000")
        try:
            yield conn
        finally:
            conn.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._connect() as conn:
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def migrate(self) -> None:
        """Create or upgrade the schema."""
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode = WAL")
        with self._transaction() as conn:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in filter(str.strip, script.split(";")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")

    # ------------------------------------------------------------------ runs

    def add_run(self, locality: str, uploader: str, verdict: str, errors: int, warnings: int,
                files: list[StoredFile], report_dir: str, coverage: float | None = None) -> int:
        """Record a finished review, its files and its report folder; returns the new run id."""
        stamp = now_iso()
        with self._transaction() as conn:
            cursor = conn.execute(
                "INSERT INTO runs (locality, uploader, created_at, verdict, errors, warnings, updated_at,"
                " report_dir, coverage) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (locality, uploader, stamp, verdict, errors, warnings, stamp, report_dir, coverage))
            run_id = int(cursor.lastrowid)
            conn.executemany(
                "INSERT INTO files (run_id, role, name, stored_name, size) VALUES (?, ?, ?, ?, ?)",
                [(run_id, f.role, f.name, f.stored_name, f.size) for f in files])
        return run_id

    def update_verdict(self, run_id: int, verdict: str, errors: int, warnings: int,
                       coverage: float | None = None) -> None:
        """Store the verdict and coverage of a run re-analysed after a decision."""
        with self._transaction() as conn:
            conn.execute("UPDATE runs SET verdict = ?, errors = ?, warnings = ?, coverage = ?, updated_at = ?"
                         " WHERE id = ?", (verdict, errors, warnings, coverage, now_iso(), run_id))

    def runs_without_coverage(self) -> list[tuple[int, str]]:
        """(id, report folder) of the runs with a scheme whose coverage is not stored (older runs)."""
        with self._connect() as conn:
            return [(r[0], r[1]) for r in conn.execute(
                "SELECT id, report_dir FROM runs WHERE coverage IS NULL AND EXISTS"
                " (SELECT 1 FROM files WHERE files.run_id = runs.id AND role = 'scheme') ORDER BY id")]

    def set_coverage(self, run_id: int, coverage: float) -> None:
        """Store the coverage of a run recorded before runs kept it (the run is not otherwise changed)."""
        with self._transaction() as conn:
            conn.execute("UPDATE runs SET coverage = ? WHERE id = ?", (coverage, run_id))

    def get_run(self, run_id: int) -> Run | None:
        """One run with its files, or None."""
        with self._connect() as conn:
            row = conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone()
            if row is None:
                return None
            return self._run(row, self._files(conn, [run_id]).get(run_id, ()))

    def list_runs(self, locality: str | None = None, limit: int = 100, offset: int = 0) -> list[Run]:
        """Runs, newest first, optionally of one locality."""
        sql, args = "SELECT * FROM runs", []
        if locality:
            sql, args = sql + " WHERE locality = ?", [locality]
        sql += " ORDER BY id DESC LIMIT ? OFFSET ?"
        with self._connect() as conn:
            rows = conn.execute(sql, [*args, limit, offset]).fetchall()
            files = self._files(conn, [row["id"] for row in rows])
        return [self._run(row, files.get(row["id"], ())) for row in rows]

    def count_runs(self, locality: str | None = None) -> int:
        """How many runs the history holds, optionally of one locality."""
        with self._connect() as conn:
            if locality:
                return int(conn.execute("SELECT COUNT(*) FROM runs WHERE locality = ?", (locality,)).fetchone()[0])
            return int(conn.execute("SELECT COUNT(*) FROM runs").fetchone()[0])

    def kept_names(self) -> tuple[set[str], set[str]]:
        """The stored upload names and report folders the history refers to."""
        with self._connect() as conn:
            return ({r[0] for r in conn.execute("SELECT stored_name FROM files")},
                    {r[0] for r in conn.execute("SELECT report_dir FROM runs")})

    def localities(self) -> list[str]:
        """Every locality that has a run, alphabetically."""
        with self._connect() as conn:
            return [r[0] for r in conn.execute("SELECT DISTINCT locality FROM runs ORDER BY locality")]

    @staticmethod
    def _files(conn: sqlite3.Connection, run_ids: list[int]) -> dict[int, tuple[StoredFile, ...]]:
        if not run_ids:
            return {}
        marks = ",".join("?" * len(run_ids))
        out: dict[int, list[StoredFile]] = {}
        order = "CASE role WHEN 'draft' THEN 0 WHEN 'baseline' THEN 1 ELSE 2 END"
        for row in conn.execute(f"SELECT * FROM files WHERE run_id IN ({marks}) ORDER BY run_id, {order}",
                                run_ids):
            out.setdefault(row["run_id"], []).append(
                StoredFile(row["role"], row["name"], row["stored_name"], row["size"]))
        return {k: tuple(v) for k, v in out.items()}

    @staticmethod
    def _run(row: sqlite3.Row, files: tuple[StoredFile, ...]) -> Run:
        return Run(row["id"], row["locality"], row["uploader"], row["created_at"], row["verdict"],
                   row["errors"], row["warnings"], row["updated_at"], row["report_dir"], files,
                   row["coverage"])

    # ------------------------------------------------------------- decisions

    def add_decision(self, locality: str, run_id: int, target: str, plan: str, left: TaskKey, right: TaskKey,
                     action: str, kind: str | None = None, reviewer: str = "") -> int:
        """Record a ruling; an earlier ruling on the same pair of the same locality is replaced."""
        with self._transaction() as conn:
            for old in self._decisions(conn, locality):
                if old.target == target and old.plan == plan and _same(old.left, left) and _same(old.right, right):
                    conn.execute("DELETE FROM decisions WHERE id = ?", (old.id,))
            cursor = conn.execute(
                "INSERT INTO decisions (locality, run_id, target, plan, left_index, left_number, left_title,"
                " right_index, right_number, right_title, action, kind, reviewer, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (locality, run_id, target, plan, left.index, left.number, left.title,
                 right.index, right.number, right.title, action, kind, reviewer, now_iso()))
            return int(cursor.lastrowid)

    def restore_decisions(self, decisions: list[Decision]) -> None:
        """Put rulings back exactly as they were (same ids), after a change to them could not be applied."""
        with self._transaction() as conn:
            conn.executemany(
                "INSERT OR REPLACE INTO decisions (id, locality, run_id, target, plan, left_index, left_number,"
                " left_title, right_index, right_number, right_title, action, kind, reviewer, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(d.id, d.locality, d.run_id, d.target, d.plan, d.left.index, d.left.number, d.left.title,
                  d.right.index, d.right.number, d.right.title, d.action, d.kind, d.reviewer, d.created_at)
                 for d in decisions])

    def delete_decision(self, decision_id: int, locality: str) -> bool:
        """Withdraw a ruling of a locality; False when there was none."""
        with self._transaction() as conn:
            cursor = conn.execute("DELETE FROM decisions WHERE id = ? AND locality = ?", (decision_id, locality))
            return cursor.rowcount > 0

    def decisions(self, locality: str) -> list[Decision]:
        """Every standing ruling of a locality, oldest first."""
        with self._connect() as conn:
            return self._decisions(conn, locality)

    @staticmethod
    def _decisions(conn: sqlite3.Connection, locality: str) -> list[Decision]:
        rows = conn.execute("SELECT * FROM decisions WHERE locality = ? ORDER BY id", (locality,)).fetchall()
        return [Decision(r["id"], r["locality"], r["run_id"], r["target"], r["plan"],
                         TaskKey(r["left_index"], r["left_number"], r["left_title"]),
                         TaskKey(r["right_index"], r["right_number"], r["right_title"]),
                         r["action"], r["kind"], r["reviewer"], r["created_at"]) for r in rows]


def _same(a: TaskKey, b: TaskKey) -> bool:
    """Two keys name the same task: same title when both have one, else the same printed number or index."""
    if a.title and b.title:
        return a.title == b.title
    if a.number and b.number:
        return a.number == b.number
    return a.index == b.index
