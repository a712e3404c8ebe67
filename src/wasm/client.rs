//! Exports of the checkout client (redirect checks, retry policy, the fetch client).
