from drf_spectacular.utils import extend_schema
from rest_framework import permissions, serializers
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.response import Response
from rest_framework.throttling import ScopedRateThrottle
from rest_framework.views import APIView

from marketplace.accounts.roles import role_names


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    roles = serializers.ListField(child=serializers.CharField())
    enterprises = serializers.ListField(child=serializers.IntegerField())


class MeView(APIView):
    """The current user, their roles and the enterprises they belong to."""

    permission_classes = [permissions.IsAuthenticated]

    @extend_schema(responses=MeSerializer)
    def get(self, request):
        user = request.user
        data = {
            "id": user.pk,
            "email": user.email,
            "full_name": user.full_name,
            "roles": role_names(user),
            "enterprises": list(user.enterprise_memberships.values_list("enterprise_id", flat=True)),
        }
        return Response(MeSerializer(data).data)


class TokenView(ObtainAuthToken):
    """Exchange e-mail (as `username`) and password for an API token. Throttled like log-in."""

    throttle_scope = "login"
    throttle_classes = [ScopedRateThrottle]
