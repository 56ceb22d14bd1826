"""Workflow facts as columns, and an audit trail TRUNCATE cannot empty (issue 13, point 6).

Who submitted a project or a year end, and who last reviewed it, are columns set by the
workflow (project / project_evaluation: submitted_by_id, submitted_at, reviewed_by_id,
reviewed_at); they are filled here from the existing trail, the last 提交审核 event and the last
审核通过 / 退回修改 / 重新打开 event of each. On PostgreSQL a statement-level trigger also refuses
TRUNCATE of audit_event (the row-level one refuses UPDATE and DELETE since bd5e6cba89a4).

Revision ID: a6d3e9f1c2b8
Revises: e8a1c4b7f2d9
Create Date: 2026-12-06 22:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6d3e9f1c2b8'
down_revision = 'e8a1c4b7f2d9'
branch_labels = None
depends_on = None

TABLES = (('project', 'Project'), ('project_evaluation', 'ProjectEvaluation'))

NO_TRUNCATE = """
CREATE TRIGGER audit_event_no_truncate BEFORE TRUNCATE ON audit_event
    FOR EACH STATEMENT EXECUTE FUNCTION audit_event_append_only()
"""


def upgrade():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    for table, _ in TABLES:
        for name, kind in _columns(table):
            if kind is sa.DateTime:
                op.add_column(table, sa.Column(name, sa.DateTime(), nullable=True))
            elif sqlite:
                # Not through batch mode: recreating the table would drop the old one, and with
                # foreign keys on, SQLite would delete every row that cascades from it (a project's
                # year end, payments…). ADD COLUMN … REFERENCES keeps the rows where they are.
                op.execute(
                    f"ALTER TABLE {table} ADD COLUMN {name} INTEGER "
                    f"CONSTRAINT fk_{table}_{name}_user_account REFERENCES user_account (id)"
                )
            else:
                op.add_column(table, sa.Column(name, sa.Integer(), nullable=True))
                op.create_foreign_key(f'fk_{table}_{name}_user_account', table, 'user_account', [name], ['id'])
    _fill_from_the_trail()
    if op.get_bind().dialect.name == 'postgresql':
        op.execute(NO_TRUNCATE)


def _columns(table):
    """The new columns of ``table``: a year end kept its submitted_at already."""
    columns = [('submitted_by_id', sa.Integer), ('submitted_at', sa.DateTime), ('reviewed_by_id', sa.Integer),
               ('reviewed_at', sa.DateTime)]
    return [c for c in columns if not (table == 'project_evaluation' and c[0] == 'submitted_at')]


def _fill_from_the_trail():
    """The last submit and the last review step of each project and year end, as the trail recorded them."""
    conn = op.get_bind()
    for table, kind in TABLES:
        for action_in, who, when in (
            ("('submit')", 'submitted_by_id', 'submitted_at'),
            ("('approve', 'return', 'reopen')", 'reviewed_by_id', 'reviewed_at'),
        ):
            # The year end's submitted_at was kept already: the trail fills only who.
            keep_time = table == 'project_evaluation' and when == 'submitted_at'
            rows = conn.execute(sa.text(
                f"""
                SELECT e.object_id, e.actor_id, e.at FROM audit_event e
                WHERE e.object_type = :kind AND e.action IN {action_in} AND e.id = (
                    SELECT max(l.id) FROM audit_event l
                    WHERE l.object_type = :kind AND l.object_id = e.object_id AND l.action IN {action_in}
                )
                """
            ), {'kind': kind}).all()
            for object_id, actor_id, at in rows:
                # An actor that is no longer an account (or the command line) is left empty.
                if actor_id is not None and conn.execute(
                    sa.text("SELECT 1 FROM user_account WHERE id = :id"), {'id': actor_id}
                ).first() is None:
                    actor_id = None
                sets = f"{who} = :who" + ("" if keep_time else f", {when} = :at")
                conn.execute(
                    sa.text(f"UPDATE {table} SET {sets} WHERE id = :id"),
                    {'who': actor_id, 'at': at, 'id': object_id},
                )


def downgrade():
    sqlite = op.get_bind().dialect.name == 'sqlite'
    if sqlite:
        # The foreign keys name the columns, so SQLite rebuilds the tables; dropping the old
        # project table with foreign keys on would delete every row that cascades from it.
        op.execute("PRAGMA foreign_keys=OFF")
    else:
        op.execute("DROP TRIGGER IF EXISTS audit_event_no_truncate ON audit_event")
    for table, _ in TABLES:
        if sqlite:
            with op.batch_alter_table(table, schema=None, recreate='always') as batch_op:
                for name, _kind in reversed(_columns(table)):
                    batch_op.drop_column(name)
            continue
        for name, kind in reversed(_columns(table)):
            if kind is sa.Integer:
                op.drop_constraint(f'fk_{table}_{name}_user_account', table, type_='foreignkey')
            op.drop_column(table, name)
    if sqlite:
        op.execute("PRAGMA foreign_keys=ON")
