"""The open data catalogue in DCAT-AP (the EU application profile of W3C DCAT, which data
portals and harvesters read), built as an RDF graph with rdflib and serialised as Turtle or
JSON-LD. Only public datasets (open and published) are in it.

Properties given, by class (DCAT-AP 2.1/3.0; M mandatory, R recommended):
- dcat:Catalog: dct:title M, dct:description M, dct:publisher M, dcat:dataset M (2.x),
  foaf:homepage R, dct:language R, dcat:themeTaxonomy R, dct:modified R, dct:issued.
- dcat:Dataset: dct:title M, dct:description M, dct:publisher R, dcat:contactPoint R,
  dcat:distribution R, dcat:keyword R, dcat:theme R, dct:spatial R, dct:temporal R,
  dct:accrualPeriodicity, dct:identifier, dct:issued, dct:modified, dcat:landingPage,
  dct:accessRights, owl:versionInfo.
- dcat:Distribution: dcat:accessURL M, dcat:downloadURL, dct:format R, dcat:mediaType,
  dct:license R, dct:title, dct:description R, dct:issued, dcat:byteSize.
- foaf:Agent: foaf:name M. dct:LicenseDocument, vcard:Kind (vcard:fn, vcard:hasEmail),
  dct:PeriodOfTime (dcat:startDate, dcat:endDate), dct:Location (skos:prefLabel).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from rdflib import RDF, XSD, BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, SKOS

from opendata import output
from opendata.models import FREQUENCY_BASE, THEME_BASE, Dataset

VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
FILE_TYPES = {"CSV": "CSV", "JSON": "JSON", "GeoJSON": "GEOJSON", "XLSX": "XLSX"}
CATALOG_TITLE = "Cổng dữ liệu mở"  # the portal's published name (data, in Vietnamese)


def base():
    return settings.MOTCUA_PUBLIC_URL.rstrip("/")


def dataset_uri(dataset):
    return URIRef(base() + reverse("opendata:dataset", args=[dataset.name]))


def agent_uri(agency):
    from opendata.search import org_name

    return URIRef(base() + reverse("opendata:organization", args=[org_name(agency)]))


def download_uri(dataset, version, key):
    return URIRef(base() + reverse("opendata:download",
                                   args=[dataset.name, str(version.uid), key]))


def _vi(text):
    return Literal(text, lang="vi")


def _moment(value):
    return Literal(timezone.localtime(value).isoformat(timespec="seconds"),
                   datatype=XSD.dateTime)


def _agent(graph, agency):
    node = agent_uri(agency)
    graph.add((node, RDF.type, FOAF.Agent))
    graph.add((node, FOAF.name, _vi(agency.name)))
    return node


def _dataset(graph, dataset, version):
    node = dataset_uri(dataset)
    add = graph.add
    add((node, RDF.type, DCAT.Dataset))
    add((node, DCTERMS.title, _vi(dataset.title)))
    add((node, DCTERMS.description, _vi(dataset.description)))
    add((node, DCTERMS.identifier, Literal(str(dataset.uid))))
    add((node, DCAT.landingPage, node))
    add((node, DCTERMS.publisher, _agent(graph, dataset.publisher)))
    for word in dataset.keywords:
        add((node, DCAT.keyword, _vi(word)))
    add((node, DCAT.theme, URIRef(THEME_BASE + dataset.theme)))
    add((node, DCTERMS.accrualPeriodicity, URIRef(FREQUENCY_BASE + dataset.frequency)))
    add((node, DCTERMS.accessRights, URIRef(EU + "access-right/" + (
        "PUBLIC" if dataset.access == Dataset.Access.OPEN else "RESTRICTED"))))
    contact = BNode()
    add((node, DCAT.contactPoint, contact))
    add((contact, RDF.type, VCARD.Kind))
    add((contact, VCARD.fn, _vi(dataset.contact_name)))
    add((contact, VCARD.hasEmail, URIRef("mailto:" + dataset.contact_email)))
    if dataset.temporal_start or dataset.temporal_end:
        period = BNode()
        add((node, DCTERMS.temporal, period))
        add((period, RDF.type, DCTERMS.PeriodOfTime))
        if dataset.temporal_start:
            add((period, DCAT.startDate, Literal(dataset.temporal_start, datatype=XSD.date)))
        if dataset.temporal_end:
            add((period, DCAT.endDate, Literal(dataset.temporal_end, datatype=XSD.date)))
    place = URIRef(f"{base()}/du-lieu-mo/dia-ban/{dataset.spatial.code}")
    add((node, DCTERMS.spatial, place))
    add((place, RDF.type, DCTERMS.Location))
    add((place, SKOS.prefLabel, _vi(dataset.spatial.name)))
    if dataset.issued_at:
        add((node, DCTERMS.issued, _moment(dataset.issued_at)))
    add((node, DCTERMS.modified, _moment(dataset.modified_at)))
    if version is None:
        return node
    add((node, OWL.versionInfo, Literal(str(version.number))))
    licence = URIRef(dataset.licence_uri) if dataset.licence_uri else None
    if licence is not None:
        add((licence, RDF.type, DCTERMS.LicenseDocument))
        add((licence, DCTERMS.title, Literal(dataset.licence_title)))
    for key, fmt, media in output.distributions(version):
        dist = download_uri(dataset, version, key)
        add((node, DCAT.distribution, dist))
        add((dist, RDF.type, DCAT.Distribution))
        add((dist, DCAT.accessURL, dist))
        add((dist, DCAT.downloadURL, dist))
        add((dist, DCTERMS.title, _vi(f"{dataset.title} ({fmt})")))
        add((dist, DCTERMS.description, _vi(f"{dataset.title}, phiên bản {version.number}, "
                                           f"{version.rows_count} dòng, định dạng {fmt}")))
        add((dist, DCTERMS.format, URIRef(EU + "file-type/" + FILE_TYPES[fmt])))
        add((dist, DCAT.mediaType, URIRef("https://www.iana.org/assignments/media-types/"
                                          + media)))
        add((dist, DCTERMS.issued, _moment(version.created_at)))
        if key == version.format.lower() and version.size:
            add((dist, DCAT.byteSize, Literal(version.size, datatype=XSD.nonNegativeInteger)))
        if licence is not None:
            add((dist, DCTERMS.license, licence))
    return node


def catalog_graph(datasets):
    """The catalogue of `datasets` [(dataset, current version)]."""
    from opendata.actions import source_publisher

    graph = Graph()
    for prefix, ns in (("dcat", DCAT), ("dct", DCTERMS), ("foaf", FOAF), ("vcard", VCARD),
                       ("skos", SKOS), ("owl", OWL)):
        graph.bind(prefix, ns)
    catalog = URIRef(base() + reverse("opendata:search"))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    publisher = source_publisher()
    place = publisher.unit.province.name if publisher else ""
    graph.add((catalog, DCTERMS.title, _vi(f"{CATALOG_TITLE} {place}".strip())))
    graph.add((catalog, DCTERMS.description, _vi(
        "Danh mục dữ liệu mở của các cơ quan nhà nước trên địa bàn, công bố theo Nghị định "
        "47/2020/NĐ-CP: thủ tục hành chính, thống kê hồ sơ, chỉ số phục vụ và dữ liệu các sở, "
        "ngành tải lên.")))
    if publisher is not None:
        graph.add((catalog, DCTERMS.publisher, _agent(graph, publisher)))
    graph.add((catalog, FOAF.homepage, catalog))
    graph.add((catalog, DCTERMS.language, URIRef(EU + "language/VIE")))
    graph.add((catalog, DCAT.themeTaxonomy, URIRef(THEME_BASE.rstrip("/"))))
    graph.add((catalog, DCTERMS.modified, _moment(timezone.now())))
    for dataset, version in datasets:
        graph.add((catalog, DCAT.dataset, _dataset(graph, dataset, version)))
    return graph
