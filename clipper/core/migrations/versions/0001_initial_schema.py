"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-29
"""
from alembic import op
import sqlalchemy as sa


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    
    op.create_table('biascategory',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('color', sa.String(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('biascategory', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_biascategory_key'), ['key'], unique=True)

    op.create_table('collection',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('collection', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_collection_name'), ['name'], unique=True)

    op.create_table('entity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entity_name'), ['name'], unique=False)

    op.create_table('indexqueue',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('indexqueue', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_indexqueue_clipping_id'), ['clipping_id'], unique=False)

    op.create_table('savedsearch',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('query', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('savedsearch', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_savedsearch_name'), ['name'], unique=True)

    op.create_table('setting',
    sa.Column('key', sa.String(), nullable=False),
    sa.Column('value', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('key')
    )
    op.create_table('source',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.Column('domain', sa.String(), nullable=True),
    sa.Column('country', sa.String(), nullable=True),
    sa.Column('language', sa.String(), nullable=True),
    sa.Column('rating', sa.String(), nullable=True),
    sa.Column('note', sa.String(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_source_domain'), ['domain'], unique=False)
        batch_op.create_index(batch_op.f('ix_source_name'), ['name'], unique=True)

    op.create_table('tag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_tag_name'), ['name'], unique=True)

    op.create_table('clipping',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(), nullable=False),
    sa.Column('body', sa.String(), nullable=False),
    sa.Column('html', sa.LargeBinary(), nullable=True),
    sa.Column('source_id', sa.Integer(), nullable=True),
    sa.Column('authors', sa.String(), nullable=False),
    sa.Column('url', sa.String(), nullable=True),
    sa.Column('url_key', sa.String(), nullable=True),
    sa.Column('published', sa.DateTime(timezone=True), nullable=True),
    sa.Column('captured', sa.DateTime(timezone=True), nullable=False),
    sa.Column('language', sa.String(), nullable=True),
    sa.Column('content_hash', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('flagged', sa.Boolean(), nullable=False),
    sa.Column('summary', sa.String(), nullable=False),
    sa.Column('derived_from_id', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(), nullable=True),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['derived_from_id'], ['clipping.id'], ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_id'], ['source.id'], ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('clipping', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clipping_captured'), ['captured'], unique=False)
        batch_op.create_index(batch_op.f('ix_clipping_content_hash'), ['content_hash'], unique=False)
        batch_op.create_index(batch_op.f('ix_clipping_flagged'), ['flagged'], unique=False)
        batch_op.create_index(batch_op.f('ix_clipping_published'), ['published'], unique=False)
        batch_op.create_index(batch_op.f('ix_clipping_source_id'), ['source_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_clipping_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_clipping_url_key'), ['url_key'], unique=False)

    op.create_table('entityalias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('alias', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('entityalias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entityalias_alias'), ['alias'], unique=False)
        batch_op.create_index(batch_op.f('ix_entityalias_entity_id'), ['entity_id'], unique=False)

    op.create_table('annotation',
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.String(), nullable=False),
    sa.Column('prefix', sa.String(), nullable=False),
    sa.Column('suffix', sa.String(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('color', sa.String(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('annotation', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_annotation_clipping_id'), ['clipping_id'], unique=False)

    op.create_table('biasnote',
    sa.Column('start', sa.Integer(), nullable=True),
    sa.Column('end', sa.Integer(), nullable=True),
    sa.Column('quote', sa.String(), nullable=True),
    sa.Column('prefix', sa.String(), nullable=True),
    sa.Column('suffix', sa.String(), nullable=True),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('category_id', sa.Integer(), nullable=False),
    sa.Column('note', sa.String(), nullable=False),
    sa.Column('created', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['category_id'], ['biascategory.id'], ),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('biasnote', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_biasnote_category_id'), ['category_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_biasnote_clipping_id'), ['clipping_id'], unique=False)

    op.create_table('clippingtag',
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['tag_id'], ['tag.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('clipping_id', 'tag_id')
    )
    with op.batch_alter_table('clippingtag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_clippingtag_tag_id'), ['tag_id'], unique=False)

    op.create_table('collectionitem',
    sa.Column('collection_id', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['collection_id'], ['collection.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('collection_id', 'clipping_id')
    )
    with op.batch_alter_table('collectionitem', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_collectionitem_clipping_id'), ['clipping_id'], unique=False)

    op.create_table('mention',
    sa.Column('start', sa.Integer(), nullable=False),
    sa.Column('end', sa.Integer(), nullable=False),
    sa.Column('quote', sa.String(), nullable=False),
    sa.Column('prefix', sa.String(), nullable=False),
    sa.Column('suffix', sa.String(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('clipping_id', sa.Integer(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['clipping_id'], ['clipping.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['entity_id'], ['entity.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mention_clipping_id'), ['clipping_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mention_entity_id'), ['entity_id'], unique=False)

    


def downgrade() -> None:
    
    with op.batch_alter_table('mention', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mention_entity_id'))
        batch_op.drop_index(batch_op.f('ix_mention_clipping_id'))

    op.drop_table('mention')
    with op.batch_alter_table('collectionitem', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collectionitem_clipping_id'))

    op.drop_table('collectionitem')
    with op.batch_alter_table('clippingtag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clippingtag_tag_id'))

    op.drop_table('clippingtag')
    with op.batch_alter_table('biasnote', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_biasnote_clipping_id'))
        batch_op.drop_index(batch_op.f('ix_biasnote_category_id'))

    op.drop_table('biasnote')
    with op.batch_alter_table('annotation', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_annotation_clipping_id'))

    op.drop_table('annotation')
    with op.batch_alter_table('entityalias', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entityalias_entity_id'))
        batch_op.drop_index(batch_op.f('ix_entityalias_alias'))

    op.drop_table('entityalias')
    with op.batch_alter_table('clipping', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_clipping_url_key'))
        batch_op.drop_index(batch_op.f('ix_clipping_status'))
        batch_op.drop_index(batch_op.f('ix_clipping_source_id'))
        batch_op.drop_index(batch_op.f('ix_clipping_published'))
        batch_op.drop_index(batch_op.f('ix_clipping_flagged'))
        batch_op.drop_index(batch_op.f('ix_clipping_content_hash'))
        batch_op.drop_index(batch_op.f('ix_clipping_captured'))

    op.drop_table('clipping')
    with op.batch_alter_table('tag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_tag_name'))

    op.drop_table('tag')
    with op.batch_alter_table('source', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_source_name'))
        batch_op.drop_index(batch_op.f('ix_source_domain'))

    op.drop_table('source')
    op.drop_table('setting')
    with op.batch_alter_table('savedsearch', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_savedsearch_name'))

    op.drop_table('savedsearch')
    with op.batch_alter_table('indexqueue', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_indexqueue_clipping_id'))

    op.drop_table('indexqueue')
    with op.batch_alter_table('entity', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_entity_name'))

    op.drop_table('entity')
    with op.batch_alter_table('collection', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_collection_name'))

    op.drop_table('collection')
    with op.batch_alter_table('biascategory', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_biascategory_key'))

    op.drop_table('biascategory')
    
