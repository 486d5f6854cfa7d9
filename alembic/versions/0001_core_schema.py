"""core schema: documents, entities, figures

The first schema: source documents and verbatim quotes (provenance), the
entities the text names (organisations, people, places, events,
agreements) with roles, participation and commitments, and every stated
figure with the interval its wording implies. Also the reference tables
that turn wording into intervals (qualifiers, precision rules) and the
documented views v_figures, v_entities and v_roles.

Revision ID: 0001
Revises:
Create Date: 2026-11-27 23:04:43.078708
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0001'
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table('documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=100), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('published_on', sa.Date(), nullable=False),
    sa.Column('published_on_basis', sa.String(length=20), nullable=False),
    sa.Column('date_note', sa.Text(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.CheckConstraint("published_on_basis IN ('stated', 'inferred')", name=op.f('ck_documents_published_on_basis')),
    sa.CheckConstraint('length(sha256) = 64', name=op.f('ck_documents_sha256_length')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_documents')),
    sa.UniqueConstraint('slug', name=op.f('uq_documents_slug'))
    )
    op.create_table('precision_rules',
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('rule', sa.String(length=30), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.CheckConstraint("rule IN ('half_last_digit', 'exact')", name=op.f('ck_precision_rules_rule')),
    sa.CheckConstraint("unit IN ('percent', 'count', 'USD', 'rank', 'year')", name=op.f('ck_precision_rules_unit')),
    sa.PrimaryKeyConstraint('unit', name=op.f('pk_precision_rules'))
    )
    op.create_table('qualifiers',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('low_mode', sa.String(length=20), nullable=False),
    sa.Column('low_factor', sa.Float(), nullable=True),
    sa.Column('low_inclusive', sa.Boolean(), nullable=False),
    sa.Column('high_mode', sa.String(length=20), nullable=False),
    sa.Column('high_factor', sa.Float(), nullable=True),
    sa.Column('high_inclusive', sa.Boolean(), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.CheckConstraint("(high_mode = 'factor') = (high_factor IS NOT NULL)", name=op.f('ck_qualifiers_high_factor_given')),
    sa.CheckConstraint("(low_mode = 'factor') = (low_factor IS NOT NULL)", name=op.f('ck_qualifiers_low_factor_given')),
    sa.CheckConstraint("high_mode IN ('precision', 'value', 'factor', 'unbounded')", name=op.f('ck_qualifiers_high_mode')),
    sa.CheckConstraint("low_mode IN ('precision', 'value', 'factor', 'unbounded')", name=op.f('ck_qualifiers_low_mode')),
    sa.PrimaryKeyConstraint('name', name=op.f('pk_qualifiers'))
    )
    op.create_table('quantities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=True),
    sa.Column('period', sa.String(length=50), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("measure IN ('value', 'volume', 'count', 'unspecified')", name=op.f('ck_quantities_measure')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_quantities_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quantities')),
    sa.UniqueConstraint('key', name=op.f('uq_quantities_key'))
    )
    op.create_table('partitions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('whole_id', sa.Integer(), nullable=False),
    sa.Column('exhaustive', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['whole_id'], ['quantities.id'], name=op.f('fk_partitions_whole_id_quantities')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_partitions_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_partitions')),
    sa.UniqueConstraint('key', name=op.f('uq_partitions_key'))
    )
    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('char_start', sa.Integer(), nullable=False),
    sa.Column('char_end', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.CheckConstraint('char_start < char_end', name=op.f('ck_quotes_span_not_empty')),
    sa.CheckConstraint('char_start >= 0', name=op.f('ck_quotes_char_start_not_negative')),
    sa.CheckConstraint('length(text) = char_end - char_start', name=op.f('ck_quotes_text_matches_span')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_quotes_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes')),
    sa.UniqueConstraint('document_id', 'char_start', 'char_end', name=op.f('uq_quotes_document_id'))
    )
    op.create_table('rankings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('name', sa.Text(), nullable=False),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('share_whole_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("measure IN ('value', 'volume', 'count', 'unspecified')", name=op.f('ck_rankings_measure')),
    sa.ForeignKeyConstraint(['share_whole_id'], ['quantities.id'], name=op.f('fk_rankings_share_whole_id_quantities')),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_rankings_document_id_documents'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rankings')),
    sa.UniqueConstraint('key', name=op.f('uq_rankings_key'))
    )
    op.create_table('entities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('organisation', 'person', 'place', 'event', 'agreement')", name=op.f('ck_entities_kind')),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_entities_quote_id_quotes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entities')),
    sa.UniqueConstraint('key', name=op.f('uq_entities_key'))
    )
    op.create_table('partition_members',
    sa.Column('partition_id', sa.Integer(), nullable=False),
    sa.Column('quantity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['partition_id'], ['partitions.id'], name=op.f('fk_partition_members_partition_id_partitions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quantity_id'], ['quantities.id'], name=op.f('fk_partition_members_quantity_id_quantities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partition_id', 'quantity_id', name=op.f('pk_partition_members'))
    )
    op.create_table('quantity_links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('from_id', sa.Integer(), nullable=False),
    sa.Column('to_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.String(length=20), nullable=False),
    sa.Column('basis', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('quote_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("basis IN ('stated', 'inferred', 'assumed')", name=op.f('ck_quantity_links_basis')),
    sa.CheckConstraint("relation IN ('part_of', 'same_as')", name=op.f('ck_quantity_links_relation')),
    sa.CheckConstraint('from_id <> to_id', name=op.f('ck_quantity_links_not_self')),
    sa.ForeignKeyConstraint(['from_id'], ['quantities.id'], name=op.f('fk_quantity_links_from_id_quantities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_quantity_links_quote_id_quotes')),
    sa.ForeignKeyConstraint(['to_id'], ['quantities.id'], name=op.f('fk_quantity_links_to_id_quantities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quantity_links')),
    sa.UniqueConstraint('from_id', 'to_id', 'relation', name=op.f('uq_quantity_links_from_id'))
    )
    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.Column('written', sa.String(length=200), nullable=False),
    sa.Column('written_start', sa.Integer(), nullable=False),
    sa.Column('written_end', sa.Integer(), nullable=False),
    sa.Column('value', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=20), nullable=False),
    sa.Column('qualifier', sa.String(length=40), nullable=False),
    sa.Column('precision', sa.Float(), nullable=False),
    sa.Column('low', sa.Float(), nullable=True),
    sa.Column('high', sa.Float(), nullable=True),
    sa.Column('low_inclusive', sa.Boolean(), nullable=False),
    sa.Column('high_inclusive', sa.Boolean(), nullable=False),
    sa.Column('subject_id', sa.Integer(), nullable=False),
    sa.Column('metric', sa.Text(), nullable=False),
    sa.Column('period', sa.String(length=50), nullable=True),
    sa.Column('measure', sa.String(length=20), nullable=False),
    sa.Column('measure_basis', sa.String(length=20), nullable=False),
    sa.Column('quantity_id', sa.Integer(), nullable=True),
    sa.Column('whole_id', sa.Integer(), nullable=True),
    sa.Column('ranking_id', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=True),
    sa.CheckConstraint("(unit = 'percent') = (whole_id IS NOT NULL)", name=op.f('ck_figures_percent_has_whole')),
    sa.CheckConstraint("(unit = 'rank') = (ranking_id IS NOT NULL)", name=op.f('ck_figures_rank_has_ranking')),
    sa.CheckConstraint("measure IN ('value', 'volume', 'count', 'unspecified')", name=op.f('ck_figures_measure')),
    sa.CheckConstraint("measure_basis IN ('stated', 'inferred', 'assumed')", name=op.f('ck_figures_measure_basis')),
    sa.CheckConstraint("unit <> 'percent' OR (value >= 0 AND value <= 100)", name=op.f('ck_figures_percent_range')),
    sa.CheckConstraint("unit <> 'rank' OR value >= 1", name=op.f('ck_figures_rank_positive')),
    sa.CheckConstraint("unit IN ('percent', 'count', 'USD', 'rank', 'year')", name=op.f('ck_figures_unit')),
    sa.CheckConstraint("unit NOT IN ('count', 'USD') OR value >= 0", name=op.f('ck_figures_amount_not_negative')),
    sa.CheckConstraint('low IS NULL OR high IS NULL OR low <= high', name=op.f('ck_figures_interval_ordered')),
    sa.CheckConstraint('precision >= 0', name=op.f('ck_figures_precision_not_negative')),
    sa.CheckConstraint('written_start < written_end', name=op.f('ck_figures_written_span')),
    sa.ForeignKeyConstraint(['qualifier'], ['qualifiers.name'], name=op.f('fk_figures_qualifier_qualifiers')),
    sa.ForeignKeyConstraint(['quantity_id'], ['quantities.id'], name=op.f('fk_figures_quantity_id_quantities')),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_figures_quote_id_quotes')),
    sa.ForeignKeyConstraint(['ranking_id'], ['rankings.id'], name=op.f('fk_figures_ranking_id_rankings')),
    sa.ForeignKeyConstraint(['subject_id'], ['entities.id'], name=op.f('fk_figures_subject_id_entities')),
    sa.ForeignKeyConstraint(['whole_id'], ['quantities.id'], name=op.f('fk_figures_whole_id_quantities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_figures')),
    sa.UniqueConstraint('key', name=op.f('uq_figures_key'))
    )
    op.create_table('people',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_people_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_people'))
    )
    op.create_table('places',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('place_type', sa.String(length=20), nullable=False),
    sa.Column('country_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("(place_type = 'city') = (country_id IS NOT NULL)", name=op.f('ck_places_city_has_country')),
    sa.CheckConstraint("place_type IN ('city', 'country')", name=op.f('ck_places_place_type')),
    sa.ForeignKeyConstraint(['country_id'], ['places.entity_id'], name=op.f('fk_places_country_id_places')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_places_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_places'))
    )
    op.create_table('datelines',
    sa.Column('document_id', sa.Integer(), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['document_id'], ['documents.id'], name=op.f('fk_datelines_document_id_documents'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['place_id'], ['places.entity_id'], name=op.f('fk_datelines_place_id_places')),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_datelines_quote_id_quotes')),
    sa.PrimaryKeyConstraint('document_id', name=op.f('pk_datelines'))
    )
    op.create_table('events',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('event_type', sa.String(length=20), nullable=False),
    sa.Column('place_id', sa.Integer(), nullable=True),
    sa.Column('occurred_on', sa.Date(), nullable=False),
    sa.Column('date_basis', sa.String(length=20), nullable=False),
    sa.Column('date_note', sa.Text(), nullable=True),
    sa.Column('date_quote_id', sa.Integer(), nullable=False),
    sa.Column('part_of_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("date_basis IN ('stated', 'inferred')", name=op.f('ck_events_date_basis')),
    sa.CheckConstraint("event_type IN ('mission', 'ceremony')", name=op.f('ck_events_event_type')),
    sa.ForeignKeyConstraint(['date_quote_id'], ['quotes.id'], name=op.f('fk_events_date_quote_id_quotes')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_events_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['part_of_id'], ['events.entity_id'], name=op.f('fk_events_part_of_id_events')),
    sa.ForeignKeyConstraint(['place_id'], ['places.entity_id'], name=op.f('fk_events_place_id_places')),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_events'))
    )
    op.create_table('organisations',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('org_type', sa.String(length=40), nullable=False),
    sa.Column('short_name', sa.String(length=50), nullable=True),
    sa.Column('based_in_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("org_type IN ('trade_body', 'mining_company', 'city_government', 'port_authority', 'state', 'industry_council', 'certification_scheme')", name=op.f('ck_organisations_org_type')),
    sa.ForeignKeyConstraint(['based_in_id'], ['places.entity_id'], name=op.f('fk_organisations_based_in_id_places')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_organisations_entity_id_entities'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_organisations'))
    )
    op.create_table('agreements',
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('signed_at_id', sa.Integer(), nullable=True),
    sa.Column('signed_on', sa.Date(), nullable=False),
    sa.Column('date_basis', sa.String(length=20), nullable=False),
    sa.Column('date_note', sa.Text(), nullable=True),
    sa.CheckConstraint("date_basis IN ('stated', 'inferred')", name=op.f('ck_agreements_date_basis')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_agreements_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['signed_at_id'], ['events.entity_id'], name=op.f('fk_agreements_signed_at_id_events')),
    sa.PrimaryKeyConstraint('entity_id', name=op.f('pk_agreements'))
    )
    op.create_table('event_participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('event_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.String(length=40), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("part IN ('organiser', 'cooperating_partner', 'leading_partner', 'partner', 'present', 'signatory')", name=op.f('ck_event_participants_part')),
    sa.ForeignKeyConstraint(['entity_id'], ['entities.id'], name=op.f('fk_event_participants_entity_id_entities'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['event_id'], ['events.entity_id'], name=op.f('fk_event_participants_event_id_events'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_event_participants_quote_id_quotes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_event_participants')),
    sa.UniqueConstraint('event_id', 'entity_id', 'part', name=op.f('uq_event_participants_event_id'))
    )
    op.create_table('roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.entity_id'], name=op.f('fk_roles_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['person_id'], ['people.entity_id'], name=op.f('fk_roles_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_roles_quote_id_quotes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('person_id', 'organisation_id', 'title', name=op.f('uq_roles_person_id'))
    )
    op.create_table('agreement_parties',
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.entity_id'], name=op.f('fk_agreement_parties_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.entity_id'], name=op.f('fk_agreement_parties_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_agreement_parties_quote_id_quotes')),
    sa.PrimaryKeyConstraint('agreement_id', 'organisation_id', name=op.f('pk_agreement_parties'))
    )
    op.create_table('agreement_signatories',
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('on_behalf_of_id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.entity_id'], name=op.f('fk_agreement_signatories_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['on_behalf_of_id'], ['organisations.entity_id'], name=op.f('fk_agreement_signatories_on_behalf_of_id_organisations')),
    sa.ForeignKeyConstraint(['person_id'], ['people.entity_id'], name=op.f('fk_agreement_signatories_person_id_people'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_agreement_signatories_quote_id_quotes')),
    sa.PrimaryKeyConstraint('agreement_id', 'person_id', name=op.f('pk_agreement_signatories'))
    )
    op.create_table('commitments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('agreement_id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('concerns_id', sa.Integer(), nullable=True),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('objective', 'commitment', 'reaffirmation', 'ongoing_practice', 'intent')", name=op.f('ck_commitments_kind')),
    sa.ForeignKeyConstraint(['agreement_id'], ['agreements.entity_id'], name=op.f('fk_commitments_agreement_id_agreements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['concerns_id'], ['entities.id'], name=op.f('fk_commitments_concerns_id_entities')),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_commitments_quote_id_quotes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_commitments')),
    sa.UniqueConstraint('agreement_id', 'key', name=op.f('uq_commitments_agreement_id'))
    )
    _insert_reference_data()
    for sql in VIEWS.values():
        op.execute(sql)


# Reference rows, frozen as of this revision: how wording becomes an interval.
# They are data, not code (a seed file may add a qualifier of its own); a
# change to one of these rows comes as a new revision, never as an edit here,
# so every database built at 0001 holds the same rows.
QUALIFIERS = [
    # name, low mode, low factor, low incl., high mode, high factor, high incl., description
    ("none", "precision", None, True, "precision", None, True,
     "No qualifier: the number plus or minus its stated precision."),
    ("alone", "precision", None, True, "precision", None, True,
     "Emphasis ('ALROSA's production alone', 'In 2017 alone'): it narrows the subject, "
     "not the number."),
    ("nearly", "factor", 0.9, True, "value", None, False,
     "Just under the number: below it, and within 10% of it."),
    ("almost", "factor", 0.9, True, "value", None, False,
     "Just under the number: below it, and within 10% of it."),
    ("over", "value", None, False, "unbounded", None, False,
     "Above the number, with no stated ceiling."),
    ("more than", "value", None, False, "unbounded", None, False,
     "Above the number, with no stated ceiling."),
    ("at least", "value", None, True, "unbounded", None, False,
     "The number or more."),
    ("under", "unbounded", None, False, "value", None, False,
     "Below the number, with no stated floor."),
    ("less than", "unbounded", None, False, "value", None, False,
     "Below the number, with no stated floor."),
    ("up to", "unbounded", None, False, "value", None, True,
     "The number or less."),
    ("at most", "unbounded", None, False, "value", None, True,
     "The number or less."),
    ("about", "factor", 0.9, True, "factor", 1.1, True,
     "Roughly the number: within 10% either side."),
    ("approximately", "factor", 0.9, True, "factor", 1.1, True,
     "Roughly the number: within 10% either side."),
    ("around", "factor", 0.9, True, "factor", 1.1, True,
     "Roughly the number: within 10% either side."),
]

PRECISION_RULES = [
    ("percent", "half_last_digit",
     "A percentage is rounded to its last written digit: '33%' means 32.5 to 33.5."),
    ("USD", "half_last_digit",
     "An amount is rounded to its last written digit at its written scale: "
     "'USD 2 billion' means 1.5 to 2.5 billion."),
    ("count", "exact",
     "A count of whole things is exact ('55 clients'); a seed gives a round count "
     "such as '1,600 companies' its own precision."),
    ("rank", "exact", "A rank is exact."),
    ("year", "exact", "A year is exact."),
]


def _insert_reference_data() -> None:
    qualifiers = sa.table(
        "qualifiers",
        *(sa.column(c) for c in ("name", "low_mode", "low_factor", "low_inclusive",
                                 "high_mode", "high_factor", "high_inclusive", "description")),
    )
    op.bulk_insert(qualifiers, [
        dict(zip(("name", "low_mode", "low_factor", "low_inclusive", "high_mode",
                  "high_factor", "high_inclusive", "description"), row, strict=True))
        for row in QUALIFIERS
    ])
    rules = sa.table("precision_rules", sa.column("unit"), sa.column("rule"),
                     sa.column("description"))
    op.bulk_insert(rules, [
        {"unit": unit, "rule": rule, "description": text} for unit, rule, text in PRECISION_RULES
    ])


# The views are the stable SQL contract (documented in README.md): tables may
# change between revisions, these columns do not.
VIEWS = {
    "v_figures": """
CREATE VIEW v_figures AS
SELECT f.key AS figure_id,
       d.slug AS document,
       e.name AS subject,
       f.metric,
       f.value,
       f.unit,
       CASE WHEN f.qualifier = 'none' THEN NULL ELSE f.qualifier END AS qualifier,
       f.low,
       f.high,
       f.period,
       q.text AS quote,
       q.char_start,
       q.char_end,
       f.written,
       f.low_inclusive,
       f.high_inclusive,
       f.measure
FROM figures f
JOIN quotes q ON q.id = f.quote_id
JOIN documents d ON d.id = q.document_id
JOIN entities e ON e.id = f.subject_id
""",
    "v_entities": """
CREATE VIEW v_entities AS
SELECT e.key AS entity_id,
       e.kind,
       e.name,
       COALESCE(o.org_type, pl.place_type, ev.event_type,
                CASE e.kind WHEN 'person' THEN 'person' WHEN 'agreement' THEN 'agreement' END)
           AS type,
       d.slug AS document,
       q.text AS quote,
       q.char_start,
       q.char_end
FROM entities e
JOIN quotes q ON q.id = e.quote_id
JOIN documents d ON d.id = q.document_id
LEFT JOIN organisations o ON o.entity_id = e.id
LEFT JOIN places pl ON pl.entity_id = e.id
LEFT JOIN events ev ON ev.entity_id = e.id
""",
    "v_roles": """
CREATE VIEW v_roles AS
SELECT p.name AS person,
       r.title,
       o.name AS organisation,
       p.key AS person_id,
       o.key AS organisation_id,
       q.text AS quote,
       q.char_start,
       q.char_end
FROM roles r
JOIN entities p ON p.id = r.person_id
JOIN entities o ON o.id = r.organisation_id
JOIN quotes q ON q.id = r.quote_id
""",
}


def downgrade() -> None:
    for view in VIEWS:
        op.execute(f"DROP VIEW {view}")
    op.drop_table('commitments')
    op.drop_table('agreement_signatories')
    op.drop_table('agreement_parties')
    op.drop_table('roles')
    op.drop_table('event_participants')
    op.drop_table('agreements')
    op.drop_table('organisations')
    op.drop_table('events')
    op.drop_table('datelines')
    op.drop_table('places')
    op.drop_table('people')
    op.drop_table('figures')
    op.drop_table('quantity_links')
    op.drop_table('partition_members')
    op.drop_table('entities')
    op.drop_table('rankings')
    op.drop_table('quotes')
    op.drop_table('partitions')
    op.drop_table('quantities')
    op.drop_table('qualifiers')
    op.drop_table('precision_rules')
    op.drop_table('documents')
