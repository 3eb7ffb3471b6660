"""Test-only: lets the `elasticsearch` 8.x client talk to osmem-server (an OpenSearch-compatible emulator).

The client sends Elasticsearch's vendor media types and insists on the `x-elastic-product` header;
osmem speaks plain JSON. Never used by production code.
"""

from elastic_transport import HttpHeaders, Urllib3HttpNode


class OsmemCompatibleNode(Urllib3HttpNode):
    def perform_request(self, method, target, body=None, headers=None, request_timeout=None, **kwargs):
        headers = HttpHeaders(headers or {})
        for name in ("accept", "content-type"):
            value = headers.get(name)
            if value and "vnd.elasticsearch" in value:
                headers[name] = "application/x-ndjson" if "x-ndjson" in value else "application/json"
        if request_timeout is not None:
            kwargs["request_timeout"] = request_timeout
        response = super().perform_request(method, target, body=body, headers=headers, **kwargs)
        response.meta.headers["x-elastic-product"] = "Elasticsearch"
        return response
