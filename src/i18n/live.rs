//! The live room's words, apart from the shell's table so that they load with the room's code.

use crate::model::Locale;

pub struct LiveStrings {
    pub link_up: &'static str,
    pub link_soon: &'static str,
    pub buy: &'static str,
    pub flash_sale: &'static str,
    pub sold_out: &'static str,
    pub explaining: &'static str,
    pub claim: &'static str,
    pub claimed: &'static str,
    pub say_something: &'static str,
    pub send: &'static str,
    pub send_failed: &'static str,
    pub heart: &'static str,
    pub ended: &'static str,
    pub replay: &'static str,
    pub host_profile: &'static str,
    pub remind_me: &'static str,
    pub reminded: &'static str,
    pub coming_up: &'static str,
    pub replays: &'static str,
    pub starts_in: &'static str,
    pub ends_in: &'static str,
    pub starting: &'static str,
    pub products: &'static str,
    pub live_coupons: &'static str,
    pub after_follow: &'static str,
    pub sale_over: &'static str,
    pub no_comments_yet: &'static str,
}

const ZH: LiveStrings = LiveStrings {
    link_up: "链接已上架！",
    link_soon: "即将上链接",
    buy: "去抢购",
    flash_sale: "限时秒杀",
    sold_out: "已抢光",
    explaining: "讲解中",
    claim: "领取",
    claimed: "已领取",
    say_something: "说点什么…",
    send: "发送",
    send_failed: "发送失败，点按重试",
    heart: "点赞",
    ended: "直播已结束",
    replay: "看回放",
    host_profile: "主播主页",
    remind_me: "开播提醒",
    reminded: "已预约",
    coming_up: "即将开播",
    replays: "精彩回放",
    starts_in: "距开始",
    ends_in: "距结束",
    starting: "即将开始…",
    products: "件商品",
    live_coupons: "直播间优惠券",
    after_follow: "关注主播后可领",
    sale_over: "秒杀已结束",
    no_comments_yet: "欢迎来到直播间",
};

const EN: LiveStrings = LiveStrings {
    link_up: "Link is up!",
    link_soon: "Link coming up",
    buy: "Buy",
    flash_sale: "Flash sale",
    sold_out: "Sold out",
    explaining: "Explaining",
    claim: "Claim",
    claimed: "Claimed",
    say_something: "Say something…",
    send: "Send",
    send_failed: "Not sent, tap to retry",
    heart: "Like",
    ended: "Live ended",
    replay: "Watch replay",
    host_profile: "Host's profile",
    remind_me: "Remind me",
    reminded: "Reminder set",
    coming_up: "Coming up",
    replays: "Replays",
    starts_in: "Starts in",
    ends_in: "Ends in",
    starting: "Starting…",
    products: "products",
    live_coupons: "Live coupons",
    after_follow: "Follow the host to claim",
    sale_over: "Flash sale over",
    no_comments_yet: "Welcome to the live room",
};

pub fn strings(locale: Locale) -> &'static LiveStrings {
    match locale {
        Locale::ZhCn => &ZH,
        Locale::En => &EN,
    }
}

/// "看播 1 分钟可领" / "Watch 1 min to claim"
pub fn after_watching(locale: Locale, minutes: u32) -> String {
    match locale {
        Locale::ZhCn => format!("看播 {minutes} 分钟可领"),
        Locale::En => format!("Watch {minutes} min to claim"),
    }
}

/// "剩余 12 件" / "12 left"
pub fn left(locale: Locale, n: u32) -> String {
    match locale {
        Locale::ZhCn => format!("剩余 {n} 件"),
        Locale::En => format!("{n} left"),
    }
}

/// "每人限购 2 件" / "Limit 2 per person"
pub fn per_person(locale: Locale, n: u32) -> String {
    match locale {
        Locale::ZhCn => format!("每人限购 {n} 件"),
        Locale::En => format!("Limit {n} per person"),
    }
}

/// "剩 165 件 · 限购 2 件" / "165 left · max 2" (a flash sale's stock and per-shopper limit)
pub fn sale_note(locale: Locale, left: u32, limit: u32) -> String {
    match (locale, limit) {
        (Locale::ZhCn, 0) => format!("剩 {left} 件"),
        (Locale::ZhCn, n) => format!("剩 {left} 件 · 限购 {n} 件"),
        (Locale::En, 0) => format!("{left} left"),
        (Locale::En, n) => format!("{left} left · max {n}"),
    }
}

/// "小王 正在下单" / "小王 is placing an order"
pub fn placing_order(locale: Locale, user: &str) -> String {
    match locale {
        Locale::ZhCn => format!("{user} 正在下单"),
        Locale::En => format!("{user} is placing an order"),
    }
}

/// "12:30 开播" / "Starts at 12:30"
pub fn starts_at(locale: Locale, time: &str) -> String {
    match locale {
        Locale::ZhCn => format!("{time} 开播"),
        Locale::En => format!("Starts at {time}"),
    }
}

/// 75 s → "01:15"; an hour or more → "1:02:05".
pub fn clock(ms: i64) -> String {
    let s = (ms.max(0) + 999) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn clock_rounds_up_to_whole_seconds() {
        assert_eq!(super::clock(0), "00:00");
        assert_eq!(super::clock(1), "00:01");
        assert_eq!(super::clock(75_000), "01:15");
        assert_eq!(super::clock(3_725_000), "1:02:05");
        assert_eq!(super::clock(-5), "00:00");
    }
}
