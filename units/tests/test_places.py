"""The commune named in a written address."""

import pytest

from motcua import test as cast
from units.places import commune_in_address

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("address, expected", [
    ("12 Điện Biên Phủ, phường Hồng Bàng, thành phố Hải Phòng", cast.HONG_BANG),
    ("8 to hieu, phuong le chan, hai phong", cast.LE_CHAN),  # typed without marks
    ("45 Lê Thánh Tông, Quận 1, TP Hồ Chí Minh", None),
    ("", None),
])
def test_the_commune_is_found_in_the_address(address, expected):
    assert commune_in_address(address) == expected
