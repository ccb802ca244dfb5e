#!/usr/bin/env bash
# web-queries.sh — the search API's queries of bench/web.sh (and bench/web-answers.sh), one a
# line (the query string after /api/v1/activities?): varied searches a CPS makes (a town, a town
# and a radius, a category, words, days and times, free, and their combinations), drawn from
# lists of towns, categories and words with a fixed seed, so that two runs make the same ones.
# usage: bench/web-queries.sh [COUNT]   (240 by default)
set -euo pipefail
queries=${1:-240}
towns=(Boston Springfield Worcester Cambridge "New Bedford" Lynn Haverhill Chicopee Waltham
  Lawrence "Fall River" Weymouth Lowell Somerville Quincy Amherst Lexington Framingham Andover
  Arlington Brockton Westfield Pittsfield Greenfield Brookline Northampton Falmouth Dedham)
categories=(arts-crafts books-learning clubhouse-dropin faith-spiritual food-cooking
  gardening-nature music peer-support social-games sports-movement technology volunteering)
words=(group garden music yoga walk "book club" paint art chess cook support peer drum dance
  knit pottery meditation choir hiking coding bingo bowling recovery writing photo quilt trivia
  cards "open mic" volunteer)
days=(MO TU WE TH FR SA SU MO,WE TU,TH SA,SU MO,TU,WE,TH,FR)
RANDOM=20261205
# pick VAR LIST: VAR set to an item of LIST, drawn in this shell (bash reseeds $RANDOM in a
# subshell, so a $(...) draw would not follow the seed and the queries would change run to run).
pick() { local -n out=$1 list=$2; out=${list[RANDOM % ${#list[@]}]}; }
enc() { local v=${1// /%20}; printf '%s' "${v//,/%2C}"; }
for ((i = 0; i < queries; i++)); do
  pick t towns; pick c categories; pick w words; pick d days
  town="town=$(enc "$t")" cat="category=$c"
  q="q=$(enc "$w")" within="within=$((2 + RANDOM % 20))"
  case $((i % 10)) in
  0) p="$town&limit=20" ;;
  1) p="$town&$within" ;;
  2) p="$cat&limit=20" ;;
  3) p="$cat&$town&$within" ;;
  4) p="$q&$town" ;;
  5) p="$q" ;;
  6) printf -v hour '%02d' $((9 + RANDOM % 10)); p="days=$(enc "$d")&after=$hour:00&$town" ;;
  7) p="free=yes&$town&$within" ;;
  8) p="free=yes&$cat" ;;
  9) p="$q&$cat&free=yes" ;;
  esac
  echo "$p"
done
