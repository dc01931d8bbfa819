"""JSON API of the corpus (mounted under /api/v1/)."""

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from papers.embeddings import embedding_status
from papers.workers import workers_seen


class StatsSerializer(serializers.Serializer):
    papers = serializers.IntegerField()
    embedded = serializers.IntegerField(help_text="papers with a current vector of the model")
    pending = serializers.IntegerField()
    model = serializers.CharField()
    device = serializers.CharField()
    dtype = serializers.CharField()
    workers = serializers.ListField(child=serializers.CharField(), help_text="workers seen")


class StatsView(APIView):
    """Corpus size and embedding progress."""

    @extend_schema(responses=StatsSerializer)
    def get(self, request: Request) -> Response:
        status = embedding_status()
        data = {
            "papers": status.papers,
            "embedded": status.embedded,
            "pending": status.pending,
            "model": status.model,
            "device": status.device,
            "dtype": status.dtype,
            "workers": workers_seen(),
        }
        return Response(StatsSerializer(data).data)
