use super::{Money, Text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    pub name: String,
    pub phone: String,
    pub region: String,
    pub street: String,
    /// Optional.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub postal_code: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    #[default]
    Pending,
    Paid,
    Shipped,
    Delivered,
    Cancelled,
}

/// What the client asks to buy. The server prices it; `expected_unit_price` lets the server
/// reject with "price changed" instead of silently charging a different amount.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequest {
    pub lines: Vec<OrderRequestLine>,
    pub address: Address,
    pub delivery: String,
    #[serde(default)]
    pub coupons: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderRequestLine {
    pub product_id: String,
    pub variant_id: String,
    pub qty: u32,
    pub expected_unit_price: Money,
    /// The live room it is bought from (its link drop and flash sale apply).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub live: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderLine {
    pub product_id: String,
    pub variant_id: String,
    pub title: Text,
    pub variant_label: Text,
    pub image: String,
    pub unit_price: Money,
    pub qty: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Order {
    pub id: String,
    pub lines: Vec<OrderLine>,
    pub subtotal: Money,
    pub discount: Money,
    pub shipping: Money,
    pub total: Money,
    pub status: OrderStatus,
    pub address: Address,
    /// Unix milliseconds.
    pub created_at: i64,
    /// Each status the order reached and when, oldest first.
    #[serde(default)]
    pub history: Vec<StatusStep>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatusStep {
    pub status: OrderStatus,
    /// Unix milliseconds.
    pub at: i64,
}

impl OrderStatus {
    /// Steps of a normal order, in order; a cancelled order leaves this path.
    pub const PATH: [OrderStatus; 3] = [
        OrderStatus::Paid,
        OrderStatus::Shipped,
        OrderStatus::Delivered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OrderStatus::Pending => "pending",
            OrderStatus::Paid => "paid",
            OrderStatus::Shipped => "shipped",
            OrderStatus::Delivered => "delivered",
            OrderStatus::Cancelled => "cancelled",
        }
    }

    pub fn index(self) -> usize {
        self as usize
    }
}
