// check-only stand-in for nf-interpreter's header of the same name (the glue needs nothing from it)
