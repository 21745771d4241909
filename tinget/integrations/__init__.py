"""Open interfaces to partners' systems: signed webhooks and Microsoft Teams through Graph."""
