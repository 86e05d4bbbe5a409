"""The web toolkit every app's pages share: downloads and private files, the read-only admin,
size-limited upload fields. Access questions are `junheng.access`'s, refusals
`junheng.refusals`'."""
