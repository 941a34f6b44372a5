"""Demo data for Hải Phòng: realistic procedures written from public knowledge of them."""
