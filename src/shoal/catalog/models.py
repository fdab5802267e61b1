"""Tables of the catalog domain: products (SPU), their options, images and variants (SKU), channel prices,
categories (a tree) and brands.

Names and descriptions are stored in the tenant's default locale plus a ``translations`` JSON
(``{"en": {"name": ..}, "zh-CN": {..}}``). ``search_text`` holds every locale's name, the SKUs and the
barcodes, lowercased, so that one substring match finds 龙井茶 by 茶 and a product by its SKU.
Relationships load with ``lazy="raise"``: every read says what it loads, so none can slip into N+1.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from shoal.core.db import AMOUNT, Base, id_column, tenant_column

ANY_GROUP = ""  # channel price for every customer group: stored as "" so the unique key holds


class Brand(Base):
    __tablename__ = "catalog_brands"
    __table_args__ = (UniqueConstraint("tenant_id", "handle"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    handle: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    translations: Mapped[dict[str, Any]]
    logo_url: Mapped[str | None] = mapped_column(String(500))
    created_at: Mapped[datetime]


class Category(Base):
    __tablename__ = "catalog_categories"
    __table_args__ = (
        UniqueConstraint("tenant_id", "handle"),
        Index("ix_catalog_categories_parent", "tenant_id", "parent_id", "position"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    parent_id: Mapped[str | None] = mapped_column(ForeignKey("catalog_categories.id", ondelete="RESTRICT"))
    handle: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    translations: Mapped[dict[str, Any]]
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]


class Product(Base):
    __tablename__ = "catalog_products"
    __table_args__ = (
        UniqueConstraint("tenant_id", "handle"),
        Index("ix_catalog_products_created", "tenant_id", "status", "created_at", "id"),
        Index("ix_catalog_products_name", "tenant_id", "status", "name", "id"),
        Index("ix_catalog_products_price", "tenant_id", "status", "price_min", "id"),
        Index(
            "ix_catalog_products_search_trgm",
            "tenant_id",
            "search_text",
            postgresql_using="gin",
            postgresql_ops={"search_text": "gin_trgm_ops"},
        ),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    handle: Mapped[str] = mapped_column(String(120))
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    translations: Mapped[dict[str, Any]]
    status: Mapped[str] = mapped_column(String(16), default="draft")
    brand_id: Mapped[str | None] = mapped_column(ForeignKey("catalog_brands.id", ondelete="SET NULL"))
    tags: Mapped[list[Any]]
    attributes: Mapped[dict[str, Any]]
    search_text: Mapped[str] = mapped_column(Text, default="")
    price_min: Mapped[int] = mapped_column(AMOUNT, default=0)  # lowest base price: sorting and list cards
    created_at: Mapped[datetime]
    updated_at: Mapped[datetime]

    options: Mapped[list[ProductOption]] = relationship(
        order_by="ProductOption.position", lazy="raise", cascade="all, delete-orphan"
    )
    images: Mapped[list[ProductImage]] = relationship(
        order_by="ProductImage.position", lazy="raise", cascade="all, delete-orphan"
    )
    variants: Mapped[list[Variant]] = relationship(
        order_by="Variant.position", lazy="raise", cascade="all, delete-orphan"
    )
    category_links: Mapped[list[ProductCategory]] = relationship(lazy="raise", cascade="all, delete-orphan")


class ProductCategory(Base):
    __tablename__ = "catalog_product_categories"
    __table_args__ = (
        UniqueConstraint("tenant_id", "product_id", "category_id"),
        Index("ix_catalog_product_categories_category", "tenant_id", "category_id", "product_id"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    product_id: Mapped[str] = mapped_column(ForeignKey("catalog_products.id", ondelete="CASCADE"))
    category_id: Mapped[str] = mapped_column(ForeignKey("catalog_categories.id", ondelete="RESTRICT"))


class ProductOption(Base):
    __tablename__ = "catalog_product_options"
    __table_args__ = (Index("ix_catalog_product_options_product", "tenant_id", "product_id", "position"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    product_id: Mapped[str] = mapped_column(ForeignKey("catalog_products.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    values: Mapped[list[Any]]
    translations: Mapped[dict[str, Any]]


class ProductImage(Base):
    __tablename__ = "catalog_product_images"
    __table_args__ = (Index("ix_catalog_product_images_product", "tenant_id", "product_id", "position"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    product_id: Mapped[str] = mapped_column(ForeignKey("catalog_products.id", ondelete="CASCADE"))
    url: Mapped[str] = mapped_column(String(500))
    alt: Mapped[str] = mapped_column(String(200), default="")
    position: Mapped[int] = mapped_column(Integer, default=0)


class Variant(Base):
    __tablename__ = "catalog_variants"
    __table_args__ = (
        UniqueConstraint("tenant_id", "sku"),
        Index("ix_catalog_variants_product", "tenant_id", "product_id", "position"),
    )

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    product_id: Mapped[str] = mapped_column(ForeignKey("catalog_products.id", ondelete="CASCADE"))
    sku: Mapped[str] = mapped_column(String(255))
    # The SKU an imported file gave this variant when Shoal had to store another (repeated, or taken).
    source_sku: Mapped[str | None] = mapped_column(String(255))
    barcode: Mapped[str | None] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(200), default="")
    options: Mapped[list[Any]]
    weight_grams: Mapped[int] = mapped_column(Integer, default=0)
    price: Mapped[int] = mapped_column(AMOUNT)
    compare_at_price: Mapped[int | None] = mapped_column(AMOUNT)
    image_id: Mapped[str | None] = mapped_column(ForeignKey("catalog_product_images.id", ondelete="SET NULL"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime]

    channel_prices: Mapped[list[ChannelPrice]] = relationship(lazy="raise", cascade="all, delete-orphan")


class ChannelPrice(Base):
    """A variant's price on one channel (``online``, ``store:<id>``, ``dealer:<list>``), maybe for one group."""

    __tablename__ = "catalog_channel_prices"
    __table_args__ = (UniqueConstraint("tenant_id", "variant_id", "channel", "customer_group"),)

    id: Mapped[str] = id_column()
    tenant_id: Mapped[str] = tenant_column()
    variant_id: Mapped[str] = mapped_column(ForeignKey("catalog_variants.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(80))
    customer_group: Mapped[str] = mapped_column(String(40), default=ANY_GROUP)
    price: Mapped[int] = mapped_column(AMOUNT)
