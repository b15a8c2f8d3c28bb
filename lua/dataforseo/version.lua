-- The one place the version lives; the User-Agent and the rockspec follow it.
return "0.1.0"
