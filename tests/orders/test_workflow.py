"""The order table, pinned edge by edge."""

from marketplace.orders.models import OrderStatus as S
from marketplace.orders.workflow import ORDER_WORKFLOW

EXPECTED_EDGES = {
    (S.REQUESTED, "order.confirm", S.ACTIVE),
    (S.REQUESTED, "order.decline", S.DECLINED),
    (S.REQUESTED, "order.withdraw", S.WITHDRAWN),
    (S.ACTIVE, "order.confirm_in_use", S.IN_USE),
    (S.ACTIVE, "order.cancel", S.CANCELLED),
    (S.IN_USE, "order.renew", S.IN_USE),
    (S.ACTIVE, "order.end", S.ENDED),
    (S.IN_USE, "order.end", S.ENDED),
}


def test_the_table_allows_exactly_these_edges():
    assert ORDER_WORKFLOW.edges() == EXPECTED_EDGES


def test_closed_orders_allow_nothing():
    for state in (S.DECLINED, S.WITHDRAWN, S.CANCELLED, S.ENDED):
        assert ORDER_WORKFLOW.actions_from(state) == []
