function __fish_dataforseo_print_command
    set -l cmdline (commandline -poc)
    set -l cmd
    set -e cmdline[1]
    for arg in $cmdline
        switch $arg
            case anchors
                set cmd $cmd anchors
                break
            case backlinks
                set cmd $cmd backlinks
                break
            case referring-domains
                set cmd $cmd referring-domains
                break
            case referring-networks
                set cmd $cmd referring-networks
                break
            case domain-pages
                set cmd $cmd domain-pages
                break
            case domain-pages-summary
                set cmd $cmd domain-pages-summary
                break
            case summary
                set cmd $cmd summary
                break
            case history
                set cmd $cmd history
                break
            case timeseries-summary
                set cmd $cmd timeseries-summary
                break
            case timeseries-new-lost-summary
                set cmd $cmd timeseries-new-lost-summary
                break
            case competitors
                set cmd $cmd competitors
                break
            case domain-intersection
                set cmd $cmd domain-intersection
                break
            case page-intersection
                set cmd $cmd page-intersection
                break
            case bulk-ranks
                set cmd $cmd bulk-ranks
                break
            case bulk-backlinks
                set cmd $cmd bulk-backlinks
                break
            case bulk-spam-score
                set cmd $cmd bulk-spam-score
                break
            case bulk-referring-domains
                set cmd $cmd bulk-referring-domains
                break
            case bulk-new-lost-backlinks
                set cmd $cmd bulk-new-lost-backlinks
                break
            case bulk-new-lost-referring-domains
                set cmd $cmd bulk-new-lost-referring-domains
                break
            case bulk-pages-summary
                set cmd $cmd bulk-pages-summary
                break
            case index
                set cmd $cmd index
                break
            case available-filters
                set cmd $cmd available-filters
                break
            case errors
                set cmd $cmd errors
                break
            case id-list
                set cmd $cmd id-list
                break
            case report
                set cmd $cmd report
                break
            case spend
                set cmd $cmd spend
                break
            case account
                set cmd $cmd account
                break
            case mock
                set cmd $cmd mock
                break
            case completion
                set cmd $cmd completion
                break
        end
    end
    echo "$cmd"
end

function __fish_dataforseo_using_command
    test (__fish_dataforseo_print_command) = "$argv"
    and return 0
    or return 1
end

function __fish_dataforseo_seen_command
    string match -q "$argv*" (__fish_dataforseo_print_command)
    and return 0
    or return 1
end

complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'anchors' -d 'anchors pointing at TARGET'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'backlinks' -d 'the backlinks themselves'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'referring-domains' -d 'domains linking to TARGET'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'referring-networks' -d 'IPs or subnets linking to TARGET'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'domain-pages' -d 'TARGET\'s pages, with their backlinks'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'domain-pages-summary' -d 'TARGET\'s pages\' backlink totals'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'summary' -d 'TARGET\'s totals (a key/value table)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'history' -d 'TARGET\'s backlink totals month by month'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'timeseries-summary' -d 'TARGET\'s backlink totals per day, week, month or year'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'timeseries-new-lost-summary' -d 'backlinks and domains TARGET gained and lost per period'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'competitors' -d 'domains that share backlinks with TARGET'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'domain-intersection' -d 'domains linking to all of TARGETS (link gap)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'page-intersection' -d 'pages linking to all of TARGETS (link gap)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'bulk-ranks' -d 'the rank of each of TARGETS'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'bulk-backlinks' -d 'the backlink count of each of TARGETS'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'bulk-spam-score' -d 'the spam score of each of TARGETS'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'bulk-referring-domains' -d 'the referring domains of each of TARGETS'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'bulk-new-lost-backlinks' -d 'backlinks each of TARGETS gained and lost since a date'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'bulk-new-lost-referring-domains' -d 'referring domains each of TARGETS gained and lost since a date'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'bulk-pages-summary' -d 'the backlink totals of each of TARGETS (pages or domains)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'index' -d 'the totals of DataForSEO\'s backlink index (free)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'available-filters' -d 'the filter fields of every endpoint (free)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'errors' -d 'the account\'s failed tasks (free)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'id-list' -d 'the account\'s tasks with their cost (free)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'report' -d 'TARGET\'s anchor-text profile as an HTML page'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'spend' -d 'what the ledger\'s calls cost, per day or target'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'account' -d 'the account\'s balance and limits'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'mock' -d 'run the local DataForSEO emulator (dataforseo mock --help)'
complete -c dataforseo -n '__fish_dataforseo_using_command' -xa 'completion' -d 'a completion script for bash, zsh or fish'
complete -c dataforseo -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -l version -d 'the version of the command and of the library'

complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l internal-list-limit -r -d 'entries in the referring_links_* maps, 1..1000'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l backlinks-filter -r -d 'filter on the backlinks before grouping; repeatable (fields of a backlink: dofollow, tld_from...)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l backlinks-filters -r -d 'the raw backlinks_filters array'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l no-indirect-links -d 'include_indirect_links = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command anchors' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l custom-mode -r -d 'at most N backlinks per FIELD (anchor, domain_from, ...)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l mode -xa 'as_is one_per_domain one_per_anchor' -d 'as_is, one_per_domain or one_per_anchor'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l search-after-token -r -d 'the token of the page before (past offset 20,000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command backlinks' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l internal-list-limit -r -d 'entries in the referring_links_* maps, 1..1000'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l backlinks-filter -r -d 'filter on the backlinks before grouping; repeatable (fields of a backlink: dofollow, tld_from...)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l backlinks-filters -r -d 'the raw backlinks_filters array'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l no-indirect-links -d 'include_indirect_links = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-domains' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l internal-list-limit -r -d 'entries in the referring_links_* maps, 1..1000'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l backlinks-filter -r -d 'filter on the backlinks before grouping; repeatable (fields of a backlink: dofollow, tld_from...)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l backlinks-filters -r -d 'the raw backlinks_filters array'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l no-indirect-links -d 'include_indirect_links = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l network-address-type -xa 'ip subnet' -d 'group by ip or by subnet (default ip)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command referring-networks' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l internal-list-limit -r -d 'entries in the referring_links_* maps, 1..1000'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l backlinks-filter -r -d 'filter on the backlinks before grouping; repeatable (fields of a backlink: dofollow, tld_from...)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l backlinks-filters -r -d 'the raw backlinks_filters array'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l internal-list-limit -r -d 'entries in the referring_links_* maps, 1..1000'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l backlinks-filter -r -d 'filter on the backlinks before grouping; repeatable (fields of a backlink: dofollow, tld_from...)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l backlinks-filters -r -d 'the raw backlinks_filters array'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l no-indirect-links -d 'include_indirect_links = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-pages-summary' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l internal-list-limit -r -d 'entries in the referring_links_* maps, 1..1000'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l backlinks-filter -r -d 'filter on the backlinks before grouping; repeatable (fields of a backlink: dofollow, tld_from...)'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l backlinks-filters -r -d 'the raw backlinks_filters array'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l no-indirect-links -d 'include_indirect_links = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command summary' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command history' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l date-from -r -d 'the request\'s date_from (a date, from 2019-01-01)'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l date-to -r -d 'the request\'s date_to (a date)'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command history' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l date-from -r -d 'the request\'s date_from (a date, from 2019-01-30)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l date-to -r -d 'the request\'s date_to (a date)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l group-range -xa 'day week month year' -d 'one row per day, week, month or year (default month)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-summary' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l date-from -r -d 'the request\'s date_from (a date, from 2019-01-30)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l date-to -r -d 'the request\'s date_to (a date)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l group-range -xa 'day week month year' -d 'one row per day, week, month or year (default month)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command timeseries-new-lost-summary' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l no-exclude-large-domains -d 'exclude_large_domains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l no-main-domain -d 'main_domain = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command competitors' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l internal-list-limit -r -d 'entries in the referring_links_* maps, 1..1000'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l backlinks-filter -r -d 'filter on the backlinks before grouping; repeatable (fields of a backlink: dofollow, tld_from...)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l backlinks-filters -r -d 'the raw backlinks_filters array'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l no-indirect-links -d 'include_indirect_links = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l exclude-target -r -d 'leave out what also links to TARGET (a page may end with *); repeatable (or a,b,c), at most 10'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l intersection-mode -xa 'all partial' -d 'all (default): what links to every target; partial: to at least one of them'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command domain-intersection' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l internal-list-limit -r -d 'entries in the referring_links_* maps, 1..1000'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l status -xa 'all live lost' -d 'backlinks_status_type (default live)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l filter -r -d 'filter on an item field; repeatable, joined with "and"'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l filters -r -d 'the raw filter array (or, nesting), e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l order-by -r -d 'sort rule, DIR asc or desc (default asc); repeatable, at most 3'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l no-indirect-links -d 'include_indirect_links = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l include-internal -d 'exclude_internal_backlinks = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l exclude-target -r -d 'leave out what also links to TARGET (a page may end with *); repeatable (or a,b,c), at most 10'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l intersection-mode -xa 'all partial' -d 'all (default): what links to every target; partial: to at least one of them'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command page-intersection' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l targets-file -r -d 'more targets, one a line, after the TARGET arguments (blank lines and lines starting with # are skipped); - reads standard input'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l format -xa 'table csv jsonl' -d 'table (default on a terminal), csv, jsonl (default otherwise)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-ranks' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l targets-file -r -d 'more targets, one a line, after the TARGET arguments (blank lines and lines starting with # are skipped); - reads standard input'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l format -xa 'table csv jsonl' -d 'table (default on a terminal), csv, jsonl (default otherwise)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-backlinks' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l targets-file -r -d 'more targets, one a line, after the TARGET arguments (blank lines and lines starting with # are skipped); - reads standard input'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l format -xa 'table csv jsonl' -d 'table (default on a terminal), csv, jsonl (default otherwise)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-spam-score' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l targets-file -r -d 'more targets, one a line, after the TARGET arguments (blank lines and lines starting with # are skipped); - reads standard input'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l format -xa 'table csv jsonl' -d 'table (default on a terminal), csv, jsonl (default otherwise)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-referring-domains' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l targets-file -r -d 'more targets, one a line, after the TARGET arguments (blank lines and lines starting with # are skipped); - reads standard input'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l date-from -r -d 'the request\'s date_from (a date, at most a year back)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l format -xa 'table csv jsonl' -d 'table (default on a terminal), csv, jsonl (default otherwise)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-backlinks' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l targets-file -r -d 'more targets, one a line, after the TARGET arguments (blank lines and lines starting with # are skipped); - reads standard input'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l date-from -r -d 'the request\'s date_from (a date, at most a year back)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l format -xa 'table csv jsonl' -d 'table (default on a terminal), csv, jsonl (default otherwise)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-new-lost-referring-domains' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l targets-file -r -d 'more targets, one a line, after the TARGET arguments (blank lines and lines starting with # are skipped); - reads standard input'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l no-subdomains -d 'include_subdomains = false'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l rank-scale -xa '100 1000' -d 'rank_scale (default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l tag -r -d 'echoed back in the response\'s data'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l format -xa 'table csv jsonl' -d 'table (default on a terminal), csv, jsonl (default otherwise)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command bulk-pages-summary' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command index' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command index' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command index' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command index' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command index' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command index' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command index' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command index' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command available-filters' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command available-filters' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command available-filters' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command available-filters' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command available-filters' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command available-filters' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command available-filters' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command available-filters' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l filtered-function -r -d 'the request\'s filtered_function'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l datetime-from -r -d 'the request\'s datetime_from ("yyyy-mm-dd hh:mm:ss +00:00")'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l datetime-to -r -d 'the request\'s datetime_to ("yyyy-mm-dd hh:mm:ss +00:00")'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command errors' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l datetime-from -r -d 'the request\'s datetime_from ("yyyy-mm-dd hh:mm:ss +00:00")'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l datetime-to -r -d 'the request\'s datetime_to ("yyyy-mm-dd hh:mm:ss +00:00")'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l limit -r -d 'items per call, 1..1000 (API default 100; with --all the page size, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l offset -r -d 'skip the first N items'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l sort -xa 'asc desc' -d 'the request\'s sort: asc, desc'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l include-metadata -d 'include_metadata = true'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l all -d 'fetch every item (pages of --limit, default 1000)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l format -xa 'table csv jsonl json' -d 'table (default on a terminal), csv, jsonl (default otherwise), json (the raw response of one call)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l fields -r -d 'columns/keys to print (map keys as map.key, e.g'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l csv-raw -d 'CSV cells exactly as received (by default a text cell starting with = + - @ TAB or CR gets a leading \' and control characters are escaped)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command id-list' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command report' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l out -r -d 'the file to write (default: a name made from TARGET, TARGET-anchors.html, never an existing file; with --format text, standard output)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l format -xa 'html text' -d 'default html'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l brand -r -d 'the brand (default: from TARGET, forbes.com -> forbes); repeatable'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l generic -r -d 'one more generic anchor besides the built-in list ("click here", "read more", ...); repeatable'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l top -r -d 'anchors in the top list, 0..1000 (default 20)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l status -xa 'live lost all' -d 'backlinks walked (default all: lost anchors need it)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l history -d 'add the site\'s backlinks and referring domains month by month since 2019 (one more call: history; TARGET must be a domain)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l max-items -r -d 'stop after N items (implies --all)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l concurrency -r -d 'pages in flight at once after the first (default: as many calls as the account may run at once, the client\'s max_concurrent; 1: one at a time)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l max-cost -r -d 'never start a call that could pass this spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l confirm-over -r -d 'ask before a walk estimated above USD (default 1); without a terminal, do not run it (exit 6)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l yes -d 'walk without asking, whatever the estimate'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l ledger -r -d 'append a line per charged call to FILE (default $DATAFORSEO_LEDGER); see dataforseo spend'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l quiet -d 'no progress bar, no wait notes and no summary on stderr'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command report' -l timeout -r -d 'per-call timeout (default 60)'

complete -c dataforseo -n '__fish_dataforseo_seen_command spend' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command spend' -l ledger -r -d 'the ledger (default $DATAFORSEO_LEDGER); a regular file'
complete -c dataforseo -n '__fish_dataforseo_seen_command spend' -l since -r -d 'only calls on or after DATE (YYYY-MM-DD, UTC)'
complete -c dataforseo -n '__fish_dataforseo_seen_command spend' -l by -xa 'day target' -d 'one row per UTC day (default) or per target'
complete -c dataforseo -n '__fish_dataforseo_seen_command spend' -l format -xa 'table json' -d 'table (default) or json (one JSON object)'

complete -c dataforseo -n '__fish_dataforseo_seen_command account' -s h -l help -d 'Show this help message and exit'
complete -c dataforseo -n '__fish_dataforseo_seen_command account' -l format -xa 'table json' -d 'table (default) or json (one JSON object)'
complete -c dataforseo -n '__fish_dataforseo_seen_command account' -l login -r -d 'API login (default $DATAFORSEO_LOGIN)'
complete -c dataforseo -n '__fish_dataforseo_seen_command account' -l password-file -r -d 'read the API password from FILE (by default the password is the value of $DATAFORSEO_PASSWORD); there is no password option'
complete -c dataforseo -n '__fish_dataforseo_seen_command account' -l sandbox -d 'use sandbox.dataforseo.com (free, dummy data)'
complete -c dataforseo -n '__fish_dataforseo_seen_command account' -l base-url -r -d 'another server, such as the local emulator (default $DATAFORSEO_BASE_URL, else https://api.dataforseo.com)'
complete -c dataforseo -n '__fish_dataforseo_seen_command account' -l timeout -r -d 'per-call timeout (default 60)'


complete -c dataforseo -n '__fish_dataforseo_seen_command completion' -s h -l help -d 'Show this help message and exit'
