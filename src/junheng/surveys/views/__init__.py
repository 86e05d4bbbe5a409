"""Pages of the surveys. The bureau's pages (`design`, `distribution`, `results`) need a login
and are scoped by the selectors; the form a respondent opens from a QR code or an open link
(`public`) needs none. Every write goes through a service."""
