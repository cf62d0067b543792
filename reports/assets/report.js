/*
 * report.js: the report's one script, inlined into every page by
 * reports/html.c. Sorts a table.data by the header clicked (numbers by their
 * data-sort value, empty cells last) and filters a table's rows from an
 * input[data-filter]. The address may say what to show: #sort=COLUMN&dir=desc&q=TEXT
 * applies to the page's first filterable table. No network, no storage.
 */
(function () {
    "use strict";

    function sortKey(cell) {
        var k = cell ? cell.getAttribute("data-sort") : null;
        return k === null ? null : parseFloat(k);
    }

    function sortTable(table, col, dir) {
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
            var x = a.cells[col], y = b.cells[col];
            var kx = sortKey(x), ky = sortKey(y);
            if (kx !== null || ky !== null) {
                if (kx === null) { return 1; }
                if (ky === null) { return -1; }
                return dir * (kx - ky);
            }
            var tx = x ? x.textContent : "", ty = y ? y.textContent : "";
            if (tx === "" && ty !== "") { return 1; }
            if (ty === "" && tx !== "") { return -1; }
            return dir * tx.localeCompare(ty);
        });
        rows.forEach(function (r) { body.appendChild(r); });
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
            th.setAttribute("aria-sort", i === col ? (dir > 0 ? "ascending" : "descending") : "none");
        });
    }

    function filterTable(table, text, counter) {
        var q = text.toLowerCase(), shown = 0;
        Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
            var hit = q === "" || r.textContent.toLowerCase().indexOf(q) >= 0;
            r.hidden = !hit;
            if (hit) { shown += 1; }
        });
        if (counter) { counter.textContent = shown + " of " + table.tBodies[0].rows.length + " rows"; }
    }

    document.querySelectorAll("table.data").forEach(function (table) {
        if (!table.tHead || !table.tBodies.length || table.tBodies[0].rows.length < 2) { return; }
        Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
            th.setAttribute("aria-sort", "none");
            th.tabIndex = 0;
            function go() {
                sortTable(table, i, th.getAttribute("aria-sort") === "ascending" ? -1 : 1);
            }
            th.addEventListener("click", go);
            th.addEventListener("keydown", function (e) {
                if (e.key === "Enter" || e.key === " ") { e.preventDefault(); go(); }
            });
        });
    });

    var inputs = document.querySelectorAll("input[data-filter]");
    inputs.forEach(function (input) {
        var table = document.getElementById(input.getAttribute("data-filter"));
        var counter = document.getElementById(input.getAttribute("data-filter") + "-count");
        if (!table) { return; }
        input.addEventListener("input", function () { filterTable(table, input.value, counter); });
    });

    /* #sort=COLUMN&dir=desc&q=TEXT: COLUMN is a header's text or its position from 1 */
    if (inputs.length && location.hash.length > 1) {
        var input = inputs[0], table = document.getElementById(input.getAttribute("data-filter"));
        var args = {};
        location.hash.slice(1).split("&").forEach(function (kv) {
            var i = kv.indexOf("=");
            if (i > 0) { args[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " ")); }
        });
        if (table && args.sort) {
            var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (th) {
                return th.textContent.toLowerCase();
            });
            var col = heads.indexOf(args.sort.toLowerCase());
            if (col < 0 && /^[0-9]+$/.test(args.sort)) { col = parseInt(args.sort, 10) - 1; }
            if (col >= 0 && col < heads.length) { sortTable(table, col, args.dir === "desc" ? -1 : 1); }
        }
        if (table && args.q) {
            input.value = args.q;
            filterTable(table, args.q, document.getElementById(input.getAttribute("data-filter") + "-count"));
        }
    }
}());
