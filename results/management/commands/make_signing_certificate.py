"""A development signing certificate: a CA of its own and a signer certificate for the unit,
as PEM files under var/signing/ (the paths of the MOTCUA_SIGNING_* settings). Never for
production: results there are signed with the unit's certificate from a licensed CA."""

import datetime
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _


def _usage(*, sign=False, certify=False):
    return x509.KeyUsage(digital_signature=sign, content_commitment=sign, key_encipherment=False,
                         data_encipherment=False, key_agreement=False, key_cert_sign=certify,
                         crl_sign=certify, encipher_only=False, decipher_only=False)


def make(key_path, cert_path, ca_path, organisation):
    now = datetime.datetime.now(datetime.UTC)
    ca_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    ca_name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                         x509.NameAttribute(NameOID.COMMON_NAME,
                                            "MotCua - CA thử nghiệm (không dùng thật)")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(now - datetime.timedelta(days=1))
          .not_valid_after(now + datetime.timedelta(days=3650))
          .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
          .add_extension(_usage(certify=True), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, organisation)])
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(ca_name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1))
            .not_valid_after(now + datetime.timedelta(days=730))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(_usage(sign=True), critical=True)
            .sign(ca_key, hashes.SHA256()))
    for path, data in [
        (key_path, key.private_bytes(serialization.Encoding.PEM,
                                     serialization.PrivateFormat.PKCS8,
                                     serialization.NoEncryption())),
        (cert_path, cert.public_bytes(serialization.Encoding.PEM)),
        (ca_path, ca.public_bytes(serialization.Encoding.PEM)),
    ]:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_bytes(data)


class Command(BaseCommand):
    help = ("Create a development CA and signing certificate for electronic results "
            "(var/signing/). Does nothing if they exist, unless --force.")

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="replace existing files")
        parser.add_argument("--organisation", default="Ủy ban nhân dân thành phố Hải Phòng "
                                                      "(thử nghiệm)")

    def handle(self, *args, force=False, organisation="", **options):
        key, cert = settings.MOTCUA_SIGNING_KEY, settings.MOTCUA_SIGNING_CERT
        ca = settings.MOTCUA_SIGNING_TRUST_ROOTS[0]
        if Path(key).exists() and Path(cert).exists() and not force:
            self.stdout.write(_("The signing certificate exists already: %(cert)s") % {"cert": cert})
            return
        make(key, cert, ca, organisation)
        self.stdout.write(_("Test signing certificate made: %(cert)s (CA: %(ca)s)")
                          % {"cert": cert, "ca": ca})
