"""Small widgets the screens share: text inputs, the paged list, the status line."""
