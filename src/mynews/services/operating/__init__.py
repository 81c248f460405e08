"""Use cases for operators running replays and demos (the instance's clock). Imports services'
peers only through ``services.context``."""
