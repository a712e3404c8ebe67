// The checkout client: calls the merchant proxy, redirects the payer, resumes after return.
