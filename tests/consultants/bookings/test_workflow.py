"""The booking table, pinned edge by edge: what each action allows and from where."""

from consultants.bookings.models import BookingStatus as S
from consultants.bookings.workflow import BOOKING_WORKFLOW

EXPECTED_EDGES = {
    (S.REQUESTED, "booking.confirm", S.CONFIRMED),
    (S.REQUESTED, "booking.decline", S.DECLINED),
    (S.REQUESTED, "booking.propose", S.PROPOSED),
    (S.PROPOSED, "booking.accept_proposal", S.CONFIRMED),
    (S.PROPOSED, "booking.decline_proposal", S.DECLINED),
    (S.REQUESTED, "booking.cancel", S.CANCELLED),
    (S.PROPOSED, "booking.cancel", S.CANCELLED),
    (S.CONFIRMED, "booking.cancel", S.CANCELLED),
    (S.REQUESTED, "booking.expire", S.EXPIRED),
    (S.PROPOSED, "booking.expire", S.EXPIRED),
    (S.CONFIRMED, "booking.supersede", S.RESCHEDULED),
    (S.CONFIRMED, "booking.mark_held", S.HELD),
    (S.CONFIRMED, "booking.mark_no_show", S.NO_SHOW),
}


def test_the_table_allows_exactly_these_edges():
    assert BOOKING_WORKFLOW.edges() == EXPECTED_EDGES


def test_final_states_allow_nothing():
    for state in (S.DECLINED, S.EXPIRED, S.CANCELLED, S.RESCHEDULED, S.HELD, S.NO_SHOW):
        assert BOOKING_WORKFLOW.actions_from(state) == []
