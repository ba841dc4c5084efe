"""Issue #11, finding 5: the parent's page said a 'no' applies to what is not yet published,
while Beeldwacht also corrects what is; and after saving nothing said so (protocol A.4)."""

from django.urls import reverse

from beeldwacht.consent.models import Channel


def test_the_page_and_the_saved_message_say_what_a_no_does(client, moeder_mila, sanne, school):
    client.force_login(moeder_mila.user)
    url = reverse("portal:child", kwargs={"pupil_id": sanne.public_id})
    page = client.get(url).content.decode()
    assert "nog niet gepubliceerd" not in page
    assert "Een 'nee' geldt ook voor wat al gepubliceerd is" in page
    assert "wat gedrukt is kan niet worden teruggehaald" in page

    website = Channel.objects.get(school=school, key="website")
    said_yes = client.post(url, {f"c_{website.pk}_image": "yes"}, follow=True)
    assert "Uw keuzes zijn opgeslagen. Dank u wel." in said_yes.content.decode()
    said_no = client.post(url, {f"c_{website.pk}_image": "no"}, follow=True).content.decode()
    assert "past Beeldwacht de eigen pagina&#x27;s van de school meteen aan" in said_no
    assert "Zie &#x27;Waar staat Sanne?&#x27;" in said_no
