import time, pytest
from openecf.api.tests.test_filing_api import *  # noqa
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_hashing")]
def test_t(world, cit, client):
    t=time.perf_counter()
    client.get("/api/v1/courts/cit/my-cases"); print("XX anon", time.perf_counter()-t); t=time.perf_counter()
    reader = make_user("reader"); print("XX mk", time.perf_counter()-t); t=time.perf_counter()
    c=as_user(reader); print("XX login", time.perf_counter()-t); t=time.perf_counter()
    c.get("/api/v1/courts/cit/my-cases"); print("XX get", time.perf_counter()-t); t=time.perf_counter()
    no_mfa, _ = attorney_filer(cit, "nomfa", ("No", "Factor")); print("XX att", time.perf_counter()-t); t=time.perf_counter()
    as_user(world["lawyer"]).get("/api/v1/courts/cit/my-cases?page=x"); print("XX page", time.perf_counter()-t); t=time.perf_counter()
