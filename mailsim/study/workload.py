"""The workload of a study: its models, names, check times and mail plan.

They live in the scenario layer (``mailsim/scenario/workload.py`` and
``mailsim/scenario/mailplan.py``), because the scenario loader expands a
line-fidelity workload into explicit hosts and steps, so every command runs it
(the scenario layer may not import this package). This module is their home for
the study engine.
"""

from mailsim.scenario.mailplan import (
    BODY_LINE,
    MAX_BODY_LINES,
    MailPlan,
    body_of,
    numpy_seed,
    plan_mails,
    subject_of,
)
from mailsim.scenario.workload import (
    CHECK_OFFSET_US,
    CHECK_SPACING_US,
    DAY_US,
    DNS_HOST,
    MINUTE_US,
    RELAY_HOST,
    DeviceSpec,
    Workload,
    auth_host,
    check_count,
    check_times,
    device_host,
    domain_name,
    mail_count,
    mail_server_host,
    plan_seed,
    user_address,
    user_domain,
    user_local,
    user_password,
)

__all__ = [
    "BODY_LINE",
    "CHECK_OFFSET_US",
    "CHECK_SPACING_US",
    "DAY_US",
    "DNS_HOST",
    "MAX_BODY_LINES",
    "MINUTE_US",
    "RELAY_HOST",
    "DeviceSpec",
    "MailPlan",
    "Workload",
    "auth_host",
    "body_of",
    "check_count",
    "check_times",
    "device_host",
    "domain_name",
    "mail_count",
    "mail_server_host",
    "numpy_seed",
    "plan_mails",
    "plan_seed",
    "subject_of",
    "user_address",
    "user_domain",
    "user_local",
    "user_password",
]
