"""Errors of the catalog: each tells the merchant what to change."""

from __future__ import annotations

from shoal.core.errors import Conflict, NotFound, ValidationFailed


class SkuTaken(Conflict):
    code = "sku_taken"
    message = {
        "en": "The SKU {sku!r} is already used by another variant in this shop; choose another.",
        "zh-CN": "SKU {sku!r} 已被本店其他规格使用，请换一个。",
    }


class HandleTaken(Conflict):
    code = "handle_taken"
    message = {
        "en": "The handle {handle!r} is already used here; choose another.",
        "zh-CN": "链接标识 {handle!r} 已被使用，请换一个。",
    }


class VariantCombinationTaken(Conflict):
    code = "variant_combination_taken"
    message = {
        "en": "This product already has a variant {title!r}; edit that one instead.",
        "zh-CN": "该商品已有规格 {title!r}，请直接编辑它。",
    }


class CategoryNotEmpty(Conflict):
    code = "category_not_empty"
    message = {
        "en": "This category still has subcategories or products; move them out first.",
        "zh-CN": "该分类下仍有子分类或商品，请先移走。",
    }


class CategoryCycle(Conflict):
    code = "category_cycle"
    message = {
        "en": "A category cannot be placed under itself or one of its subcategories.",
        "zh-CN": "分类不能移到自身或其子分类之下。",
    }


class BrandInUse(Conflict):
    code = "brand_in_use"
    message = {
        "en": "Products still use this brand; give them another brand first.",
        "zh-CN": "仍有商品使用该品牌，请先为它们更换品牌。",
    }


class ProductNotFound(NotFound):
    code = "product_not_found"

    def __init__(self) -> None:
        super().__init__(entity="product")


class VariantNotFound(NotFound):
    code = "variant_not_found"

    def __init__(self) -> None:
        super().__init__(entity="variant")


class CategoryNotFound(NotFound):
    code = "category_not_found"

    def __init__(self) -> None:
        super().__init__(entity="category")


class BrandNotFound(NotFound):
    code = "brand_not_found"

    def __init__(self) -> None:
        super().__init__(entity="brand")


def invalid(field: str, message: str, code: str = "invalid") -> ValidationFailed:
    """A 422 naming one field, for checks that need the database or the product's other fields."""
    return ValidationFailed(errors=[{"field": field, "code": code, "message": message}])
