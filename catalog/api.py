from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from catalog.actions import procedures_with_parts
from catalog.completeness import PART_LABELS
from catalog.models import Fee, Field, Level, OnlineLevel, Procedure
from catalog.queries import filter_procedures
from motcua.api import ErrorSerializer, ModelSerializer, validated_query
from units.access import AGENCY_CODE_MAX


class FieldSerializer(ModelSerializer):
    class Meta:
        model = Field
        fields = ["code", "name"]


class AgencyRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class ProcedureSummarySerializer(ModelSerializer):
    field = FieldSerializer()
    agency = AgencyRefSerializer(allow_null=True)
    methods = serializers.ListField(child=serializers.CharField())
    status = serializers.SerializerMethodField()
    # Declared so the schema does not depend on the database's integer range.
    version = serializers.IntegerField(read_only=True)

    class Meta:
        model = Procedure
        fields = ["code", "name", "field", "level", "implementing_agency", "agency",
                  "online_level", "methods", "processing_time", "time_unit",
                  "receivable_anywhere", "fully_published", "status", "version"]

    def get_status(self, obj) -> str:
        return "abolished" if obj.is_abolished() else "active"


class ComponentSerializer(serializers.Serializer):
    name = serializers.CharField()
    originals = serializers.IntegerField()
    copies = serializers.IntegerField()
    required = serializers.BooleanField()
    template_name = serializers.CharField()
    template_url = serializers.SerializerMethodField()
    replaced_by_data = serializers.BooleanField()
    data_source = serializers.CharField()
    note = serializers.CharField()

    def get_template_url(self, obj) -> str | None:
        return obj.template_file.url if obj.template_file else None


class FormFieldSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    kind = serializers.CharField(help_text="text, textarea, date, number, choice or yesno")
    required = serializers.BooleanField()
    choices = serializers.ListField(child=serializers.CharField(), source="choice_list")
    help_text = serializers.CharField()
    prefill = serializers.CharField()


class FeeSerializer(ModelSerializer):
    class Meta:
        model = Fee
        fields = ["kind", "description", "amount", "valid_from", "valid_to", "legal_basis", "note"]


class LegalBasisSerializer(serializers.Serializer):
    number = serializers.CharField()
    title = serializers.CharField()
    issued_on = serializers.DateField(allow_null=True)
    effective_on = serializers.DateField(allow_null=True)


class ProcessStepSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()
    performer = serializers.CharField()
    agency = serializers.CharField(source="agency.code", allow_null=True, default=None)
    duration = serializers.DecimalField(max_digits=7, decimal_places=2)


class PublicationSerializer(serializers.Serializer):
    decision = serializers.CharField(source="decision.number")
    title = serializers.CharField(source="decision.title")
    signed_on = serializers.DateField(source="decision.signed_on")
    effective_on = serializers.DateField(source="decision.effective_on")
    action = serializers.CharField()
    replaces = serializers.CharField(source="replaces.code", allow_null=True, default=None)


class MissingPartSerializer(serializers.Serializer):
    part = serializers.CharField()
    label = serializers.CharField()


class ProcedureDetailSerializer(ProcedureSummarySerializer):
    steps = serializers.ListField(child=serializers.CharField(), source="step_list")
    components = ComponentSerializer(many=True)
    form_fields = FormFieldSerializer(many=True)
    fees = FeeSerializer(many=True)
    legal_basis = LegalBasisSerializer(many=True, source="legal_bases")
    process = ProcessStepSerializer(many=True, source="process_steps")
    publications = PublicationSerializer(many=True, source="publication_items")
    bundled = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    missing_parts = serializers.SerializerMethodField()
    accepts_dossiers = serializers.SerializerMethodField()

    class Meta(ProcedureSummarySerializer.Meta):
        fields = ProcedureSummarySerializer.Meta.fields + [
            "steps", "method_note", "requirements", "processing_time_note", "applicants",
            "for_citizens", "result", "result_electronic", "result_template", "no_fee", "inter_agency", "bundled", "abolished_on",
            "components", "form_fields", "fees", "legal_basis", "process", "publications",
            "missing_parts", "accepts_dossiers",
        ]

    @extend_schema_field(MissingPartSerializer(many=True))
    def get_missing_parts(self, obj):
        return [{"part": p, "label": str(PART_LABELS.get(p, p))} for p in obj.missing_parts]

    def get_accepts_dossiers(self, obj) -> bool:
        return obj.accepts_dossiers()


class ProcedureQuery(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, max_length=200)
    field = serializers.CharField(required=False, max_length=40)
    level = serializers.ChoiceField(choices=Level.choices, required=False)
    agency = serializers.CharField(required=False, max_length=AGENCY_CODE_MAX)
    online_level = serializers.ChoiceField(choices=OnlineLevel.choices, required=False)
    status = serializers.ChoiceField(choices=["active", "abolished", "all"], required=False,
                                     default="all")
    fully_published = serializers.BooleanField(required=False, allow_null=True, default=None)


class ProcedureList(generics.ListAPIView):
    """Search the procedure catalog; `q` ignores diacritics and accepts d for đ."""

    serializer_class = ProcedureSummarySerializer

    @extend_schema(parameters=[ProcedureQuery],
                   responses={200: ProcedureSummarySerializer(many=True), 400: ErrorSerializer})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        params = validated_query(ProcedureQuery, self.request)
        return filter_procedures(params).select_related("field", "agency")


class ProcedureDetail(generics.RetrieveAPIView):
    """One procedure with every published part, its process and publication history."""

    serializer_class = ProcedureDetailSerializer

    @extend_schema(responses={200: ProcedureDetailSerializer,
                              404: OpenApiResponse(ErrorSerializer)})
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_object(self):
        procedure = procedures_with_parts().filter(code=self.kwargs["code"]).first()
        if procedure is None:
            raise Http404
        return procedure


class FieldList(generics.ListAPIView):
    """Fields of procedures (lĩnh vực)."""

    serializer_class = FieldSerializer
    queryset = Field.objects.order_by("name")
