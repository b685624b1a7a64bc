import json
from django.test import Client
from dieuhanh.core.models import ApiToken, hash_token


def test_scratch(org):
    raw = ApiToken.generate()
    ApiToken.objects.create(user=org.chief.user, name="x", prefix=raw[:8], key_hash=hash_token(raw))
    c = Client(enforce_csrf_checks=True)
    r = c.get("/api/org/units", headers={"Authorization": f"Bearer {raw}"})
    print("GET bearer", r.status_code, r.content[:300])
    r = c.post("/api/org/postings", data={}, content_type="application/json", headers={"Authorization": f"Bearer {raw}"})
    print("POST bearer", r.status_code, r.content[:300])
    r = c.post("/api/org/postings", data="{bad", content_type="application/json", headers={"Authorization": f"Bearer {raw}"})
    print("POST bearer badjson", r.status_code, r.content[:300])
    r = c.get("/api/org/units")
    print("anon", r.status_code, r.content[:300])
    r = c.get("/api/openapi.json")
    print("openapi", r.status_code, len(r.content))
    c2 = Client()
    c2.force_login(org.chief.user)
    r = c2.post("/api/org/postings", data={"person_id": org.prosecutor.pk, "unit": "kv1", "position": "chuyen-vien", "start": "2024-13-01"}, content_type="application/json")
    print("session", r.status_code, r.content.decode()[:500])
    r = c2.get("/api/org/people?offset=0")
    print("neg offset", r.status_code, r.content.decode()[:300])
    r = c2.get("/api/org/people?limit=abc")
    print("bad limit", r.status_code, r.content.decode()[:300])
    r = c2.get("/api/org/units/kv1")
    print("unit", r.status_code, r.content.decode()[:300])
    r = c2.get("/api/org/delegations")
    print("deleg", r.status_code, r.content.decode()[:600])
