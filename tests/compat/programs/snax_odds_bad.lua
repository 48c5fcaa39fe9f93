-- snax_odds_bad: a snax service used by snax_odds.lua (not a program of its own): it does not compile.
function response.x(
