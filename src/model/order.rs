use super::{Money, Text};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Address {
    pub name: String,
    pub phone: String,
    pub region: String,
    pub street: String,
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
}
