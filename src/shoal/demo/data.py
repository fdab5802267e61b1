"""The demo brand 「青屿」 (Qingyu): a tea-and-lifestyle brand with an online mall, 3 stores, 2 warehouses.

Plain data, bilingual. Prices in fen. The loader turns each product into variants from its options.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class DemoCategory:
    handle: str
    zh: str
    en: str


@dataclass(frozen=True)
class DemoOption:
    zh: str
    en: str
    values_zh: tuple[str, ...]
    values_en: tuple[str, ...]


@dataclass(frozen=True)
class DemoProduct:
    handle: str
    category: str
    zh: str
    en: str
    price: int
    options: tuple[DemoOption, ...] = ()
    step: int = 0  # price added per value index of the first option
    tags: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class DemoLocation:
    code: str
    kind: str
    zh: str
    en: str
    city: str
    district: str
    line1: str
    latitude: str
    longitude: str
    priority: int
    pickup: bool


CATEGORIES = (
    DemoCategory("tea", "茶叶", "Tea"),
    DemoCategory("teaware", "茶具", "Teaware"),
    DemoCategory("snacks", "茶点零食", "Snacks"),
    DemoCategory("apparel", "服饰", "Apparel"),
    DemoCategory("home", "家居", "Home"),
    DemoCategory("beauty", "美妆个护", "Beauty"),
)

WEIGHT = DemoOption("规格", "Size", ("50g", "100g", "250g"), ("50g", "100g", "250g"))
COLOUR = DemoOption("颜色", "Colour", ("米白", "墨黑", "青灰"), ("Ivory", "Ink black", "Slate grey"))
SIZE = DemoOption("尺码", "Size", ("S", "M", "L", "XL"), ("S", "M", "L", "XL"))
VOLUME = DemoOption("容量", "Volume", ("30ml", "50ml"), ("30ml", "50ml"))

PRODUCTS = (
    DemoProduct("west-lake-longjing", "tea", "西湖龙井", "West Lake Longjing", 8800, (WEIGHT,), 7000, ("绿茶", "明前")),
    DemoProduct("anxi-tieguanyin", "tea", "安溪铁观音", "Anxi Tieguanyin", 6800, (WEIGHT,), 5000, ("乌龙茶",)),
    DemoProduct("wuyi-dahongpao", "tea", "武夷大红袍", "Wuyi Da Hong Pao", 12800, (WEIGHT,), 9000, ("岩茶",)),
    DemoProduct("yunnan-puer", "tea", "云南普洱熟茶饼", "Yunnan Ripe Pu-erh Cake", 15800, (), 0, ("普洱",)),
    DemoProduct("keemun-black", "tea", "祁门红茶", "Keemun Black Tea", 5800, (WEIGHT,), 4000, ("红茶",)),
    DemoProduct("white-peony", "tea", "福鼎白牡丹", "Fuding White Peony", 7800, (WEIGHT,), 5500, ("白茶",)),
    DemoProduct("jasmine-pearls", "tea", "茉莉龙珠", "Jasmine Dragon Pearls", 4800, (WEIGHT,), 3500, ("花茶",)),
    DemoProduct("biluochun", "tea", "洞庭碧螺春", "Dongting Biluochun", 9800, (WEIGHT,), 7500, ("绿茶",)),
    DemoProduct("ruyao-teacup", "teaware", "汝窑开片茶杯", "Ru Kiln Crackle Teacup", 6800, (COLOUR,), 0, ("陶瓷",)),
    DemoProduct("yixing-teapot", "teaware", "宜兴紫砂壶", "Yixing Clay Teapot", 36800, (), 0, ("紫砂",)),
    DemoProduct("glass-gaiwan", "teaware", "玻璃盖碗", "Glass Gaiwan", 5800, (), 0, ("玻璃",)),
    DemoProduct("travel-tea-set", "teaware", "便携旅行茶具", "Travel Tea Set", 12800, (COLOUR,), 0, ("便携",)),
    DemoProduct("bamboo-tea-tray", "teaware", "竹制茶盘", "Bamboo Tea Tray", 19800, (), 0, ("竹",)),
    DemoProduct("tea-pet-toad", "teaware", "金蟾茶宠", "Golden Toad Tea Pet", 3800, (), 0, ("茶宠",)),
    DemoProduct("iron-kettle", "teaware", "南部铁壶", "Cast Iron Kettle", 45800, (), 0, ("铁壶",)),
    DemoProduct("mooncake-box", "snacks", "流心奶黄月饼礼盒", "Custard Mooncake Gift Box", 16800, (), 0, ("礼盒",)),
    DemoProduct("osmanthus-cake", "snacks", "桂花糕", "Osmanthus Cake", 2800, (), 0, ("糕点",)),
    DemoProduct("mung-bean-cake", "snacks", "绿豆糕", "Mung Bean Cake", 2600, (), 0, ("糕点",)),
    DemoProduct("dried-mango", "snacks", "芒果干", "Dried Mango", 2200, (WEIGHT,), 1500, ("果干",)),
    DemoProduct("roasted-melon-seeds", "snacks", "焦糖瓜子", "Caramel Melon Seeds", 1800, (), 0, ("坚果",)),
    DemoProduct("walnut-crisp", "snacks", "核桃酥", "Walnut Crisp", 3200, (), 0, ("糕点",)),
    DemoProduct("matcha-cookies", "snacks", "抹茶曲奇", "Matcha Cookies", 3600, (), 0, ("曲奇",)),
    DemoProduct("linen-shirt", "apparel", "亚麻立领衬衫", "Linen Mandarin-Collar Shirt", 29800, (COLOUR, SIZE), 0),
    DemoProduct("tea-apron", "apparel", "棉麻茶服围裙", "Cotton-Linen Tea Apron", 15800, (COLOUR,), 0),
    DemoProduct("silk-scarf", "apparel", "宋锦丝巾", "Song Brocade Silk Scarf", 39800, (COLOUR,), 0),
    DemoProduct("canvas-tote", "apparel", "帆布托特包", "Canvas Tote Bag", 9800, (COLOUR,), 0),
    DemoProduct("knit-cardigan", "apparel", "羊毛开衫", "Wool Cardigan", 49800, (COLOUR, SIZE), 0),
    DemoProduct("cloth-shoes", "apparel", "老北京布鞋", "Beijing Cloth Shoes", 12800, (SIZE,), 0),
    DemoProduct("tea-socks", "apparel", "茶染棉袜", "Tea-Dyed Cotton Socks", 3900, (COLOUR,), 0),
    DemoProduct("incense-burner", "home", "铜制香炉", "Copper Incense Burner", 26800, (), 0, ("香道",)),
    DemoProduct("sandalwood-incense", "home", "檀香线香", "Sandalwood Incense Sticks", 6800, (), 0, ("香道",)),
    DemoProduct("celadon-vase", "home", "青瓷花瓶", "Celadon Vase", 18800, (COLOUR,), 0, ("陶瓷",)),
    DemoProduct("rattan-basket", "home", "藤编收纳篮", "Rattan Storage Basket", 8800, (), 0),
    DemoProduct("linen-cushion", "home", "亚麻抱枕", "Linen Cushion", 9800, (COLOUR,), 0),
    DemoProduct("paper-lantern", "home", "手工纸灯笼", "Handmade Paper Lantern", 12800, (), 0),
    DemoProduct("tea-candle", "home", "茶香蜡烛", "Tea-Scented Candle", 7800, (), 0),
    DemoProduct("osmanthus-hand-cream", "beauty", "桂花护手霜", "Osmanthus Hand Cream", 5800, (VOLUME,), 2000),
    DemoProduct("green-tea-mask", "beauty", "绿茶面膜", "Green Tea Face Mask", 9800, (), 0),
    DemoProduct("camellia-oil", "beauty", "山茶花精华油", "Camellia Face Oil", 16800, (VOLUME,), 6000),
    DemoProduct("rose-lip-balm", "beauty", "玫瑰润唇膏", "Rose Lip Balm", 3800, (), 0),
    DemoProduct("jade-roller", "beauty", "玉石滚轮", "Jade Facial Roller", 12800, (), 0),
    DemoProduct("herbal-shampoo", "beauty", "何首乌洗发水", "Herbal Shampoo", 6800, (VOLUME,), 2500),
    DemoProduct("bath-salts", "beauty", "茶树浴盐", "Tea Tree Bath Salts", 4800, (), 0),
    DemoProduct("limited-gift-set", "tea", "限量版茶礼套装", "Limited Tea Gift Set", 58800, (), 0, ("限量",)),
)

LOCATIONS = (
    DemoLocation(
        "WH-SH",
        "warehouse",
        "上海青浦仓",
        "Shanghai Qingpu Warehouse",
        "上海市",
        "青浦区",
        "华新镇新凤中路 88 号",
        "31.237800",
        "121.218300",
        1,
        False,
    ),
    DemoLocation(
        "WH-GZ",
        "warehouse",
        "广州白云仓",
        "Guangzhou Baiyun Warehouse",
        "广州市",
        "白云区",
        "太和镇广从公路 1 号",
        "23.326600",
        "113.310100",
        2,
        False,
    ),
    DemoLocation(
        "ST-SH-XTD",
        "store",
        "上海新天地店",
        "Shanghai Xintiandi Store",
        "上海市",
        "黄浦区",
        "马当路 245 号",
        "31.219900",
        "121.474800",
        10,
        True,
    ),
    DemoLocation(
        "ST-HZ-WL",
        "store",
        "杭州西湖店",
        "Hangzhou West Lake Store",
        "杭州市",
        "西湖区",
        "南山路 148 号",
        "30.245600",
        "120.163200",
        10,
        True,
    ),
    DemoLocation(
        "ST-BJ-SLT",
        "store",
        "北京三里屯店",
        "Beijing Sanlitun Store",
        "北京市",
        "朝阳区",
        "三里屯路 19 号",
        "39.936200",
        "116.455300",
        10,
        True,
    ),
)

SHOPPER_COUNT = 20
DEMO_PASSWORD = "shoal-demo"
SCARCE_HANDLE = "limited-gift-set"  # little stock, so that an oversell race is visible
