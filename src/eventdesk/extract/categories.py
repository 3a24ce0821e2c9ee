"""Actor categories and event types several stages test against (actor lists' ``category``)."""

# Categories of actors that fight; "civilians" and crowds do not.
ARMED_CATEGORIES = frozenset({"state", "rebel", "political_militia", "identity_militia", "external", "unidentified"})
# Groups with a name of their own (not forces of a state, not unnamed gunmen).
NAMED_GROUPS = frozenset({"rebel", "political_militia", "identity_militia"})
VIOLENT_TYPES = frozenset({"Battles", "Explosions/Remote violence", "Violence against civilians"})
# ACLED codes a crowd by the event type: "Protesters (Pakistan)", "Rioters (India)".
CROWD_ACTORS = {"Protests": "Protesters", "Riots": "Rioters"}
# Actors ACLED names by country, whose country the document's focus may have supplied.
HINTED_GROUPS = frozenset({"Unidentified Armed Group", "Protesters", "Rioters", "Civilians"})
