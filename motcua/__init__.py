"""MotCua: the one-stop administrative procedure system (một cửa điện tử)."""
