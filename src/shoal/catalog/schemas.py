"""Request and response bodies of the catalog admin API, and the snapshot other domains price with."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import ConfigDict, Field, field_validator, model_validator

from shoal.catalog import rules
from shoal.core.media import ImageUrl
from shoal.core.schemas import Fen, Input, Output

Locale = Literal["zh-CN", "en"]
Status = Literal["draft", "active", "archived"]
Sku = Annotated[str, Field(min_length=1, max_length=rules.SKU_MAX, pattern=r"^\S+$")]
Name = Annotated[str, Field(min_length=1, max_length=200)]


class TextTranslation(Input):
    name: str | None = Field(default=None, max_length=200)
    description: str | None = None


class OptionTranslation(Input):
    name: str | None = Field(default=None, max_length=100)
    values: list[str] | None = None


class OptionIn(Input):
    name: str = Field(min_length=1, max_length=100)
    values: list[Annotated[str, Field(min_length=1, max_length=100)]] = Field(min_length=1, max_length=100)
    translations: dict[Locale, OptionTranslation] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _values_unique_and_translated_alike(self) -> OptionIn:
        if rules.duplicates(self.values):
            raise ValueError(f"option values repeat: {rules.duplicates(self.values)}")
        for locale, entry in self.translations.items():
            if entry.values is not None and len(entry.values) != len(self.values):
                raise ValueError(f"translations.{locale}.values must have one value per option value")
        return self


class ImageIn(Input):
    url: ImageUrl
    alt: str = Field(default="", max_length=200)


class VariantIn(Input):
    sku: Sku
    source_sku: str | None = Field(
        default=None, max_length=rules.SKU_MAX,
        description="The SKU the file this variant was imported from gave it, when Shoal stores another.",
    )  # fmt: skip
    barcode: str | None = Field(default=None, max_length=64)
    options: list[str] = Field(default_factory=list, description="One value per product option, in order.")
    price: Fen
    compare_at_price: Fen | None = None
    weight_grams: int = Field(default=0, ge=0, le=10**7)
    image_url: ImageUrl | None = Field(default=None, description="URL of one of the product's images.")


def handle_ok(value: str | None) -> str | None:
    if value is not None and not rules.is_valid_handle(value):
        raise ValueError("a handle is lowercase letters or digits joined by single hyphens, e.g. 'west-lake-tea'")
    return value


class ProductCreate(Input):
    """A product with either ``options`` (variants generated, one per combination) or explicit ``variants``."""

    handle: str | None = Field(default=None, description="URL slug, unique per shop; made from the name if absent.")
    name: Name
    description: str = ""
    translations: dict[Locale, TextTranslation] = Field(default_factory=dict)
    status: Status = "draft"
    brand_id: str | None = None
    category_ids: list[str] = Field(default_factory=list, max_length=50)
    tags: list[Annotated[str, Field(min_length=1, max_length=50)]] = Field(default_factory=list, max_length=50)
    attributes: dict[str, Any] = Field(default_factory=dict)
    options: list[OptionIn] = Field(default_factory=list, max_length=3)
    images: list[ImageIn] = Field(default_factory=list, max_length=50)
    variants: list[VariantIn] = Field(default_factory=list, max_length=500)
    price: Fen | None = Field(default=None, description="Price of every generated variant.")
    compare_at_price: Fen | None = None
    weight_grams: int = Field(default=0, ge=0, le=10**7)
    sku: Sku | None = Field(default=None, description="SKU base of generated variants (default: the handle).")

    _check_handle = field_validator("handle")(handle_ok)

    @model_validator(mode="after")
    def _variants_or_price(self) -> ProductCreate:
        if not self.variants and self.price is None:
            raise ValueError("give explicit variants, or a price for the generated ones")
        if rules.duplicates(o.name for o in self.options):
            raise ValueError("option names repeat")
        return self


class ProductUpdate(Input):
    """A partial update: only the fields sent change; ``brand_id: null`` takes the brand away (``null``
    anywhere else is refused, see ``shoal.core.schemas``). ``status: archived`` archives."""

    handle: str = None
    name: Name = None
    description: str = None
    translations: dict[Locale, TextTranslation] = None
    status: Status = None
    brand_id: str | None = None
    category_ids: list[str] = Field(default=None, max_length=50)
    tags: list[Annotated[str, Field(min_length=1, max_length=50)]] = Field(default=None, max_length=50)
    attributes: dict[str, Any] = None
    images: list[ImageIn] = Field(default=None, max_length=50)

    _check_handle = field_validator("handle")(handle_ok)


class VariantUpdate(Input):
    """Partial; ``null`` clears the barcode, the compare-at price or the image, and nothing else."""

    sku: Sku = None
    barcode: str | None = Field(default=None, max_length=64)
    price: Fen = None
    compare_at_price: Fen | None = None
    weight_grams: int = Field(default=None, ge=0, le=10**7)
    image_url: ImageUrl | None = None


class ChannelPriceIn(Input):
    channel: str = Field(min_length=1, max_length=80, pattern=r"^[a-z_]+(:[\w\-]+)?$")
    customer_group: str | None = Field(default=None, min_length=1, max_length=40)
    price: Fen


class ChannelPricesIn(Input):
    """The whole set of a variant's channel prices; it replaces the previous set."""

    prices: list[ChannelPriceIn] = Field(max_length=200)

    @model_validator(mode="after")
    def _one_price_per_key(self) -> ChannelPricesIn:
        if rules.duplicates((p.channel, p.customer_group) for p in self.prices):
            raise ValueError("each (channel, customer_group) may have one price")
        return self


class ChannelPriceRead(Output):
    channel: str
    customer_group: str | None
    price: int


class OptionRead(Output):
    id: str
    name: str
    values: list[str]
    translations: dict[str, Any]
    position: int


class ImageRead(Output):
    id: str
    url: str
    alt: str
    position: int


class VariantRead(Output):
    id: str
    product_id: str
    sku: str
    source_sku: str | None = Field(default=None, description="The imported file's SKU, when Shoal stores another.")
    barcode: str | None
    title: str
    options: list[str]
    price: int
    compare_at_price: int | None
    weight_grams: int
    image_id: str | None
    position: int
    channel_prices: list[ChannelPriceRead]


class ProductRead(Output):
    id: str
    handle: str
    name: str
    description: str
    translations: dict[str, Any]
    status: str
    brand_id: str | None
    category_ids: list[str]
    tags: list[str]
    attributes: dict[str, Any]
    options: list[OptionRead]
    images: list[ImageRead]
    variants: list[VariantRead]
    price_min: int
    currency: str
    created_at: datetime
    updated_at: datetime


class ProductSummary(Output):
    id: str
    handle: str
    name: str
    translations: dict[str, Any]  # names in other locales, as in ProductRead: lists show the reader's
    status: str
    price_min: int
    currency: str
    tags: list[str]
    created_at: datetime


class VariantSnapshot(Output):
    """What checkout and marketing need to price a variant: one batch read, no ORM objects."""

    model_config = ConfigDict(frozen=True)

    id: str
    product_id: str
    sku: str
    name: dict[str, str] = Field(description="Product name by locale (zh-CN, en).")
    title: str
    options: list[str]
    image: str | None
    weight_grams: int
    unit_price: int
    compare_at_price: int | None
    currency: str
    product_status: str
    category_ids: list[str]
    brand_id: str | None
    tags: list[str]
