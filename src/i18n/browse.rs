//! The words of the pages beyond the feed (profiles, shops, products, search), apart from the
//! shell's table so that they load with those pages' code.

use crate::model::{Locale, ProductSort, SearchKind};

pub struct BrowseStrings {
    pub following: &'static str,
    pub message: &'static str,
    pub messages_soon: &'static str,
    pub messages_soon_body: &'static str,
    pub share_profile: &'static str,
    pub verified: &'static str,
    pub brand: &'static str,
    pub watch_live: &'static str,
    pub tab_videos: &'static str,
    pub tab_showcase: &'static str,
    pub tab_live: &'static str,
    pub upcoming: &'static str,
    pub past: &'static str,
    pub on_air: &'static str,
    pub no_videos: &'static str,
    pub no_products: &'static str,
    pub no_lives: &'static str,
    pub buy: &'static str,
    pub sort: &'static str,
    pub new_shop: &'static str,
    pub sales: &'static str,
    pub all: &'static str,
    pub shop_creators: &'static str,
    pub shop_lives: &'static str,
    pub enter_shop: &'static str,
    pub shop: &'static str,
    pub reviews: &'static str,
    pub with_photos: &'static str,
    pub no_reviews: &'static str,
    pub more_reviews: &'static str,
    pub videos_with: &'static str,
    pub description: &'static str,
    pub gallery: &'static str,
    pub clip: &'static str,
    pub recent: &'static str,
    pub clear: &'static str,
    pub suggestions: &'static str,
    pub filter: &'static str,
    pub category: &'static str,
    pub price: &'static str,
    pub any: &'static str,
    pub end: &'static str,
    pub out_of_five: &'static str,
}

const ZH: BrowseStrings = BrowseStrings {
    following: "关注",
    message: "私信",
    messages_soon: "私信即将上线",
    messages_soon_body:
        "很快就能在这里和达人、品牌直接聊天。现在可以先关注，开播和上新会第一时间出现在你的关注页。",
    share_profile: "分享主页",
    verified: "已认证",
    brand: "品牌",
    watch_live: "进入直播间",
    tab_videos: "作品",
    tab_showcase: "橱窗",
    tab_live: "直播",
    upcoming: "即将开播",
    past: "直播回放",
    on_air: "正在直播",
    no_videos: "还没有发布作品",
    no_products: "橱窗里还没有商品",
    no_lives: "还没有直播安排",
    buy: "购买",
    sort: "排序",
    new_shop: "新店",
    sales: "已售",
    all: "全部",
    shop_creators: "店铺达人",
    shop_lives: "店铺直播",
    enter_shop: "进店",
    shop: "店铺",
    reviews: "评价",
    with_photos: "有图",
    no_reviews: "还没有评价，买过的朋友来说说吧",
    more_reviews: "更多评价",
    videos_with: "相关视频",
    description: "商品详情",
    gallery: "商品图集",
    clip: "视频",
    recent: "最近搜索",
    clear: "清除",
    suggestions: "搜索建议",
    filter: "筛选",
    category: "分类",
    price: "价格",
    any: "不限",
    end: "没有更多了",
    out_of_five: "分（满分 5 分）",
};

const EN: BrowseStrings = BrowseStrings {
    following: "Following",
    message: "Message",
    messages_soon: "Messages are coming soon",
    messages_soon_body: "Soon you can chat with creators and brands right here. Follow them for now: their lives and new drops show up in your Following feed first.",
    share_profile: "Share profile",
    verified: "Verified",
    brand: "Brand",
    watch_live: "Watch live",
    tab_videos: "Videos",
    tab_showcase: "Showcase",
    tab_live: "Live",
    upcoming: "Coming up",
    past: "Replays",
    on_air: "Live now",
    no_videos: "No videos yet",
    no_products: "Nothing in the showcase yet",
    no_lives: "No lives scheduled",
    buy: "Buy",
    sort: "Sort",
    new_shop: "New shop",
    sales: "sold",
    all: "All",
    shop_creators: "Creators",
    shop_lives: "Lives",
    enter_shop: "Visit shop",
    shop: "Shop",
    reviews: "Reviews",
    with_photos: "With photos",
    no_reviews: "No reviews yet",
    more_reviews: "More reviews",
    videos_with: "Videos with this product",
    description: "Details",
    gallery: "Product gallery",
    clip: "Video",
    recent: "Recent searches",
    clear: "Clear",
    suggestions: "Suggestions",
    filter: "Filter",
    category: "Category",
    price: "Price",
    any: "Any",
    end: "That's everything",
    out_of_five: "out of 5",
};

pub fn strings(locale: Locale) -> &'static BrowseStrings {
    match locale {
        Locale::ZhCn => &ZH,
        Locale::En => &EN,
    }
}

pub fn sort_label(locale: Locale, sort: ProductSort) -> &'static str {
    let zh = locale == Locale::ZhCn;
    match sort {
        ProductSort::Relevance => {
            if zh {
                "综合"
            } else {
                "Best match"
            }
        }
        ProductSort::Popular => {
            if zh {
                "销量"
            } else {
                "Best selling"
            }
        }
        ProductSort::New => {
            if zh {
                "新品"
            } else {
                "Newest"
            }
        }
        ProductSort::PriceAsc => {
            if zh {
                "价格从低到高"
            } else {
                "Price: low to high"
            }
        }
        ProductSort::PriceDesc => {
            if zh {
                "价格从高到低"
            } else {
                "Price: high to low"
            }
        }
    }
}

pub fn kind_label(locale: Locale, kind: SearchKind) -> &'static str {
    let zh = locale == Locale::ZhCn;
    match kind {
        SearchKind::Products => {
            if zh {
                "商品"
            } else {
                "Products"
            }
        }
        SearchKind::Creators => {
            if zh {
                "用户"
            } else {
                "Creators"
            }
        }
        SearchKind::Videos => {
            if zh {
                "视频"
            } else {
                "Videos"
            }
        }
        SearchKind::Live => {
            if zh {
                "直播"
            } else {
                "Live"
            }
        }
    }
}

/// "1.2万 次播放" / "12K views"
pub fn views(locale: Locale, n: &str) -> String {
    match locale {
        Locale::ZhCn => format!("{n} 次播放"),
        Locale::En => format!("{n} views"),
    }
}

/// "预计 12月8日–12月10日 送达" / "Arrives Dec 8 – Dec 10"
pub fn arrives(locale: Locale, from: &str, to: &str) -> String {
    match locale {
        Locale::ZhCn => format!("预计 {from}–{to} 送达"),
        Locale::En => format!("Arrives {from} – {to}"),
    }
}

/// "杭州发货" / "Ships from Hangzhou"
pub fn ships_from(locale: Locale, city: &str) -> String {
    match locale {
        Locale::ZhCn => format!("{city}发货"),
        Locale::En => format!("Ships from {city}"),
    }
}

/// "12月8日" / "Dec 8"
pub fn month_day(locale: Locale, month: u32, day: u32) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    match locale {
        Locale::ZhCn => format!("{month}月{day}日"),
        Locale::En => format!("{} {day}", MONTHS[(month.clamp(1, 12) - 1) as usize]),
    }
}

/// "评价 (38)" / "Reviews (38)"
pub fn reviews_count(locale: Locale, n: &str) -> String {
    match locale {
        Locale::ZhCn => format!("评价 ({n})"),
        Locale::En => format!("Reviews ({n})"),
    }
}

/// "图片 2 / 3" / "Image 2 of 3"
pub fn slide_of(locale: Locale, i: usize, n: usize) -> String {
    match locale {
        Locale::ZhCn => format!("第 {i} 张，共 {n} 张"),
        Locale::En => format!("{i} of {n}"),
    }
}

/// "5 星" / "5 stars"
pub fn stars(locale: Locale, n: u8) -> String {
    match locale {
        Locale::ZhCn => format!("{n} 星"),
        Locale::En if n == 1 => "1 star".to_owned(),
        Locale::En => format!("{n} stars"),
    }
}
