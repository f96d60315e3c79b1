// The print button of the printable policies (a script file: the site's policy allows no inline script).
document.getElementById("policies-print").addEventListener("click", () => window.print());
