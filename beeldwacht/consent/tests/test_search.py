"""Issue #11, finding 3: a staff member finds a pupil by name or number from every staff
page, among the pupils her role may see, without knowing the group."""

from django.urls import reverse

from conftest import make_pupil, staff


def _search(client, school, query):
    return client.get(reverse("consent:search", kwargs={"brin": school.brin}), {"q": query})


def _pupil_page(school, pupil):
    return reverse("consent:pupil", kwargs={"brin": school.brin, "pupil_id": pupil.public_id})


def test_the_director_finds_a_pupil_without_knowing_the_group(
    client, directeur_bas, school, groep5, groep6, sanne, other_school
):
    zoe = make_pupil(school, groep6, "2001", first="Zoë", last="Çelik")
    make_pupil(school, groep6, "2002", first="Sanne", last="Jansen")
    make_pupil(other_school, None, "3001", first="Sanne", last="Anker")  # another school
    client.force_login(directeur_bas)

    found = _search(client, school, "sanne")
    html = found.content.decode()
    assert found.status_code == 200 and "2 leerlingen gevonden" in html
    assert "Sanne de Vries" in html and "Sanne Jansen" in html and "Anker" not in html
    assert html.index("Sanne de Vries") < html.index(
        "Sanne Jansen"
    )  # by last name, whatever its case
    # Typed as parents and colleagues type it: no accents, any case; one match opens her page.
    assert _search(client, school, "zoe celik")["Location"] == _pupil_page(school, zoe)
    assert _search(client, school, "1001")["Location"] == _pupil_page(school, sanne)
    nothing = _search(client, school, "Pietje").content.decode()
    assert "Geen leerling gevonden voor" in nothing and "Pietje" in nothing


def test_a_teacher_finds_only_the_pupils_of_her_groups(
    client, juf_anna, school, groep5, groep6, sanne
):
    make_pupil(school, groep6, "2002", first="Sanne", last="Jansen")
    client.force_login(juf_anna)
    assert _search(client, school, "sanne")["Location"] == _pupil_page(school, sanne)
    assert "Geen leerling gevonden" in _search(client, school, "2002").content.decode()


def test_the_search_box_is_on_staff_pages_of_those_who_see_pupils(client, juf_anna, school, groep5):
    dashboard = reverse("consent:dashboard", kwargs={"brin": school.brin})
    client.force_login(juf_anna)
    assert 'role="search"' in client.get(dashboard).content.decode()
    client.force_login(staff(school, "bestuur@lindeboom.nl", "board"))
    assert 'role="search"' not in client.get(dashboard).content.decode()


def test_search_queries_do_not_grow_with_the_school(
    client, directeur_bas, school, groep5, django_assert_max_num_queries
):
    for n in range(60):
        make_pupil(school, groep5, str(5000 + n), first=f"Kind{n}", last="Bakker")
    client.force_login(directeur_bas)
    with django_assert_max_num_queries(12):
        page = _search(client, school, "bakker")
    html = page.content.decode()
    assert html.count('href="/s/12AB/leerlingen/') == 50  # the first 50
    assert "Meer dan 50 leerlingen gevonden" in html
