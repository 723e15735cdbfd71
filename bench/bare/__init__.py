"""A bare one-template Django app for bench/load.py: Yunting's settings (database, pool,
production switches) with Django's default middleware and one view that runs one query and
renders one template — what the same server gives a page that does almost nothing."""
