"""The slots the actions read and set (declared in domain/core.yml), by name."""

# the call
PENDING = "proposed_visits"  # ISO times offered and not yet answered
VISIT = "visit"  # the confirmed visit, ISO
DECLINES = "declines"  # declines of proposals in this call
COUNTS = "objection_counts"  # objection intent -> times raised
PROPOSALS = "proposals_made"  # visits the bot proposed in this call
CLOSED = "call_closed"  # the bot closed the call courteously: no more proposals
REVERSAL = "role_reversal"  # {"objection", "retreat", "followed"} after the role-reversal question
PURPOSE = "proposal_purpose"  # what the pending times are for: "visit", or "callback" (a busy prospect)
CALLBACK = "callback_at"  # the call-back time the prospect agreed to, ISO
DO_NOT_CALL = "do_not_call"  # the prospect asked not to be called again: nothing more is pushed
LAST = "last_objection"  # the objection last answered ("为什么这么说？" explains it)
NAME, PHONE = "contact_name", "contact_phone"  # the decision maker's

# the scenario
SCENARIO = "scenario"  # the scenario in force (coach.yml `scenarios`); none: the cold call
ASKS = "asks_made"  # asks for the decision in this scenario (its max_asks)

# what a fresh conversation resets (to the initial values domain/core.yml gives them):
# picking a scenario or the menu starts one
CALL_SLOTS = (PENDING, VISIT, DECLINES, COUNTS, PROPOSALS, CLOSED, REVERSAL, PURPOSE, CALLBACK, DO_NOT_CALL, LAST, ASKS)

# the drill
DRILL_STATE = "drill_state"  # queue, tries, lines used; after a summary {"practise": objection}
DRILL_RESULTS = "drill_results"  # one grade record per answer
DRILL_ANSWER = "drill_answer"  # the form's slot: the rep's answer
