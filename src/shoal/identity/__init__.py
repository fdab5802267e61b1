"""Identity: staff users, roles and permissions, sign-in sessions, tenants' creation, the audit log API."""
