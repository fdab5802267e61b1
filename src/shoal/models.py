"""Every table of Shoal, imported in one place so metadata (Alembic, tests) sees them all."""

from shoal.aftersales import models as aftersales_models  # noqa: F401
from shoal.catalog import models as catalog_models  # noqa: F401
from shoal.checkout import models as checkout_models  # noqa: F401
from shoal.core import audit, idempotency, outbox, shop_revision, tenancy  # noqa: F401
from shoal.core.db import Base
from shoal.customers import models as customers_models  # noqa: F401
from shoal.dealers import models as dealers_models  # noqa: F401
from shoal.identity import models as identity_models  # noqa: F401
from shoal.imports import models as imports_models  # noqa: F401
from shoal.inventory import models as inventory_models  # noqa: F401
from shoal.marketing import models as marketing_models  # noqa: F401
from shoal.orders import models as orders_models  # noqa: F401
from shoal.payments import models as payments_models  # noqa: F401
from shoal.pos import models as pos_models  # noqa: F401
from shoal.supply import models as supply_models  # noqa: F401

metadata = Base.metadata
