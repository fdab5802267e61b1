"""Parcel tracking (物流轨迹): the provider interface, 快递100 and a mock, and their settings."""
