"""Views, one module per part of the site; URLs live in resolutions/urls/."""
