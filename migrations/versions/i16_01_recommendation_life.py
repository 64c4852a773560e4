"""recommendations' life: addressed bodies, review reports, implementation plan and status,
the committee's reviews; every existing recommendation gets its row (addressed to Cabinet,
as 0003's "recommendation to the Executive/Cabinet" was), its response stays on the action

Revision ID: i16_01
Revises: i15_01
Create Date: 2026-12-01
"""
import sqlalchemy as sa
from alembic import op

revision = "i16_01"
down_revision = "i15_01"
branch_labels = None
depends_on = None

STATUSES = ("'not_started', 'in_progress', 'implemented', 'partly_implemented', 'not_implemented', "
            "'no_longer_feasible', 'superseded'")


def upgrade():
    bodies = op.create_table(
        "addressed_bodies",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.CheckConstraint("kind IN ('executive', 'council', 'outside')", name=op.f("ck_addressed_bodies_kind")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_addressed_bodies")),
        sa.UniqueConstraint("name", name=op.f("uq_addressed_bodies_name")),
    )
    op.bulk_insert(bodies, [
        {"id": 1, "name": "Cabinet", "kind": "executive"},
        {"id": 2, "name": "Cabinet Member", "kind": "executive"},
        {"id": 3, "name": "Council", "kind": "council"},
    ])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval('addressed_bodies_id_seq', 3)")
    op.create_table(
        "review_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("committee_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(["committee_id"], ["committees.id"], name=op.f("fk_review_reports_committee_id_committees")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_review_reports_meeting_id_meetings")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_reports")),
    )
    op.create_index(op.f("ix_review_reports_committee_id"), "review_reports", ["committee_id"])
    op.create_table(
        "recommendations",
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.Column("addressed_to_id", sa.Integer(), nullable=True),
        sa.Column("review_report_id", sa.Integer(), nullable=True),
        sa.Column("number", sa.String(length=10), nullable=True),
        sa.Column("decision_maker", sa.String(length=200), nullable=True),
        sa.Column("response_url", sa.String(length=500), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("lead_name", sa.String(length=200), nullable=True),
        sa.Column("target_date", sa.Date(), nullable=True),
        sa.Column("implementation_status", sa.String(length=30), nullable=False),
        sa.Column("rag", sa.String(length=10), nullable=True),
        sa.Column("latest_update", sa.Text(), nullable=True),
        sa.CheckConstraint(f"implementation_status IN ({STATUSES})",
                           name=op.f("ck_recommendations_implementation_status")),
        sa.CheckConstraint("rag IS NULL OR rag IN ('green', 'amber', 'red')", name=op.f("ck_recommendations_rag")),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name=op.f("fk_recommendations_action_id_actions")),
        sa.ForeignKeyConstraint(["addressed_to_id"], ["addressed_bodies.id"],
                                name=op.f("fk_recommendations_addressed_to_id_addressed_bodies")),
        sa.ForeignKeyConstraint(["review_report_id"], ["review_reports.id"],
                                name=op.f("fk_recommendations_review_report_id_review_reports")),
        sa.ForeignKeyConstraint(["lead_id"], ["users.id"], name=op.f("fk_recommendations_lead_id_users")),
        sa.PrimaryKeyConstraint("action_id", name=op.f("pk_recommendations")),
    )
    op.create_index(op.f("ix_recommendations_addressed_to_id"), "recommendations", ["addressed_to_id"])
    op.create_index(op.f("ix_recommendations_review_report_id"), "recommendations", ["review_report_id"])
    op.create_table(
        "recommendation_actions",
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("action_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["recommendation_id"], ["recommendations.action_id"],
                                name=op.f("fk_recommendation_actions_recommendation_id_recommendations")),
        sa.ForeignKeyConstraint(["action_id"], ["actions.id"], name=op.f("fk_recommendation_actions_action_id_actions")),
        sa.PrimaryKeyConstraint("recommendation_id", "action_id", name=op.f("pk_recommendation_actions")),
    )
    op.create_index(op.f("ix_recommendation_actions_action_id"), "recommendation_actions", ["action_id"])
    op.create_table(
        "recommendation_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recommendation_id", sa.Integer(), nullable=False),
        sa.Column("meeting_id", sa.Integer(), nullable=False),
        sa.Column("months", sa.Integer(), nullable=False),
        sa.Column("verdict", sa.String(length=20), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.CheckConstraint("verdict IN ('sign_off', 'continue', 'escalate')", name=op.f("ck_recommendation_reviews_verdict")),
        sa.ForeignKeyConstraint(["recommendation_id"], ["recommendations.action_id"],
                                name=op.f("fk_recommendation_reviews_recommendation_id_recommendations")),
        sa.ForeignKeyConstraint(["meeting_id"], ["meetings.id"], name=op.f("fk_recommendation_reviews_meeting_id_meetings")),
        sa.ForeignKeyConstraint(["recorded_by_id"], ["users.id"], name=op.f("fk_recommendation_reviews_recorded_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recommendation_reviews")),
    )
    op.create_index(op.f("ix_recommendation_reviews_recommendation_id"), "recommendation_reviews", ["recommendation_id"])
    # Every recommendation made so far keeps its response (on the action) and gains its row.
    op.execute(
        "INSERT INTO recommendations (action_id, addressed_to_id, implementation_status) "
        "SELECT id, 1, 'not_started' FROM actions WHERE is_recommendation = " + (
            "true" if op.get_bind().dialect.name == "postgresql" else "1")
    )


def downgrade():
    op.drop_index(op.f("ix_recommendation_reviews_recommendation_id"), table_name="recommendation_reviews")
    op.drop_table("recommendation_reviews")
    op.drop_index(op.f("ix_recommendation_actions_action_id"), table_name="recommendation_actions")
    op.drop_table("recommendation_actions")
    op.drop_index(op.f("ix_recommendations_review_report_id"), table_name="recommendations")
    op.drop_index(op.f("ix_recommendations_addressed_to_id"), table_name="recommendations")
    op.drop_table("recommendations")
    op.drop_index(op.f("ix_review_reports_committee_id"), table_name="review_reports")
    op.drop_table("review_reports")
    op.drop_table("addressed_bodies")
