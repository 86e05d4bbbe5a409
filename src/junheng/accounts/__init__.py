"""Users, their roles and the part of the organisation they act for."""
