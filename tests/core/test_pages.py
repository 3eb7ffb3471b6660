"""The pages' shared helpers: a domain error shown on a form, multi-action POSTs, posted row ids."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpResponse
from django.test import RequestFactory

from marketplace.core.errors import Conflict, DomainError, InvalidInput
from marketplace.core.pages import form_action, form_errors, post_action, posted_pk


class NameForm(forms.Form):
    name = forms.CharField()


def post(data):
    request = RequestFactory().post("/", data)
    request._messages = CookieStorage(request)
    return request


def said(request) -> list[str]:
    return [str(m) for m in get_messages(request)]


def test_field_messages_land_on_their_fields_and_unknown_fields_on_top():
    form = NameForm({"name": "x"})
    form.is_valid()
    form_errors(form, DomainError("bad", fields={"name": ["taken"], "ghost": ["odd"]}), request=post({}))
    assert form.errors["name"] == ["taken"]
    assert form.non_field_errors() == ["odd"]


def test_an_error_without_fields_shows_its_message_on_top_of_the_form():
    form = NameForm({"name": "x"})
    form.is_valid()
    form_errors(form, DomainError("Someone else changed it"), request=post({}))
    assert form.non_field_errors() == ["Someone else changed it"]


def test_an_action_without_a_bound_form_says_it_in_the_page_messages():
    request = post({})
    form_errors(NameForm(), DomainError("Cannot submit now"), request=request)
    form_errors(None, DomainError("Nor now"), request=request)
    assert said(request) == ["Cannot submit now", "Nor now"]


def test_a_get_runs_no_action():
    request = RequestFactory().get("/")
    assert post_action(request, {"go": lambda: pytest.fail("ran")}).status == 200


def test_the_posted_action_runs_and_its_response_is_returned():
    done = HttpResponse("done")
    outcome = post_action(post({"form": "go"}), {"go": lambda: done, "other": lambda: pytest.fail("ran")})
    assert outcome.response is done


def test_an_unknown_action_is_a_400_with_a_message():
    request = post({"form": "nope"})
    outcome = post_action(request, {"go": lambda: HttpResponse()})
    assert (outcome.response, outcome.status) == (None, 400)
    assert said(request)


def test_an_invalid_form_is_a_400():
    assert post_action(post({"form": "go"}), {"go": lambda: None}).status == 400


def test_a_domain_error_lands_on_the_actions_form_with_a_status_that_says_why():
    form = NameForm({"name": "x"})
    form.is_valid()

    def refused():
        raise Conflict("Someone else decided first")

    outcome = post_action(post({"form": "go"}), {"go": refused}, forms={"go": form})
    assert outcome.status == 409
    assert form.non_field_errors() == ["Someone else decided first"]


def test_a_domain_error_with_field_messages_is_a_400():
    def refused():
        raise Conflict("overlap", fields={"name": ["overlaps"]})

    form = NameForm({"name": "x"})
    form.is_valid()
    assert post_action(post({"form": "go"}), {"go": refused}, forms={"go": form}).status == 400


@pytest.mark.parametrize("raw", ["abc", "", "0", "-3", "1.5", str(2**63)])
def test_a_garbled_posted_id_is_invalid_input(raw):
    with pytest.raises(InvalidInput) as refused:
        posted_pk(post({"pk": raw}))
    assert refused.value.status == 400 and "pk" in refused.value.fields


def test_a_posted_id_is_read_as_a_number():
    assert posted_pk(post({"pk": "42"})) == 42
    assert posted_pk(post({"row": str(2**63 - 1)}), "row") == 2**63 - 1


def test_a_form_action_saves_valid_data_and_answers_then():
    saved, done = [], HttpResponse("done")
    request = post({"form": "go", "name": "Lan"})
    action = form_action(request, NameForm(request.POST), saved.append, then=done, success="Saved")
    assert post_action(request, {"go": action}).response is done
    assert saved == [{"name": "Lan"}] and said(request) == ["Saved"]


def test_a_form_action_with_an_invalid_form_saves_nothing():
    saved = []
    request = post({"form": "go"})
    action = form_action(request, NameForm(request.POST), saved.append, then=HttpResponse())
    assert post_action(request, {"go": action}).status == 400
    assert saved == []
