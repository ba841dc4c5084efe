// Beeldwacht media pages. Everything here also works without script (plain forms); the
// script adds per-file upload progress, zoom and typing in the review, and drawing a missed face.
(function () {
  "use strict";

  function csrf(form) {
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // --- Upload: one request per file, so each file shows its own progress and result.
  document.querySelectorAll("form[data-upload]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var input = form.querySelector("input[type=file]");
      if (!input.files.length || !window.FormData) return;
      event.preventDefault();
      var list = form.querySelector(".upload-progress");
      var files = Array.prototype.slice.call(input.files);
      var next = 0;
      function send() {
        if (next >= files.length) {
          input.value = "";
          document.body.dispatchEvent(new Event("uploads-done"));
          var items = document.getElementById("items");
          if (items && window.htmx) { window.htmx.ajax("GET", window.location.href, { target: "#items", swap: "outerHTML" }); }
          return;
        }
        var file = files[next++];
        var row = document.createElement("li");
        var bar = document.createElement("progress");
        bar.max = 100; bar.value = 0;
        row.textContent = file.name + " ";
        row.appendChild(bar);
        list.appendChild(row);
        var data = new FormData();
        data.append("files", file);
        var request = new XMLHttpRequest();
        request.open("POST", form.action);
        request.setRequestHeader("X-CSRFToken", csrf(form));
        request.setRequestHeader("Accept", "application/json");
        request.upload.onprogress = function (e) { if (e.lengthComputable) bar.value = Math.round(100 * e.loaded / e.total); };
        request.onload = function () {
          var result = null;
          try { result = JSON.parse(request.responseText).results[0]; } catch (e) { result = null; }
          row.removeChild(bar);
          var status = document.createElement("span");
          if (result && result.ok) { status.className = "badge granted"; status.textContent = form.dataset.okText || "OK"; }
          else { status.className = "badge refused"; status.textContent = result ? result.reason : request.statusText; }
          row.appendChild(status);
          send();
        };
        request.onerror = function () { row.removeChild(bar); row.appendChild(document.createTextNode(" ✗")); send(); };
        request.send(data);
      }
      send();
    });
  });

  // --- Review: the tiles are radio buttons and the names submit buttons, so tapping works
  // without script. The script links each tile to its box on the photo, zooms and pans, and
  // lets a keyboard choose a name by its number or its first letters.
  var zoomBox = document.querySelector("[data-zoom]");
  var frame = zoomBox && zoomBox.querySelector(".photo-frame");
  var zoom = 1, baseWidth = 0;

  function boxOf(faceId) { return document.querySelector(".face-box[data-face='" + faceId + "']"); }
  function radioOf(faceId) { return document.getElementById("tile-" + faceId); }

  function setZoom(factor) {
    if (!frame) return;
    if (zoom === 1) baseWidth = frame.getBoundingClientRect().width;
    zoom = Math.min(Math.max(factor, 1), 8);
    zoomBox.classList.toggle("zoomed", zoom > 1);
    frame.style.width = zoom > 1 ? Math.round(baseWidth * zoom) + "px" : "";
  }

  function showFace(faceId, center) {
    document.querySelectorAll(".face-box.selected").forEach(function (b) { b.classList.remove("selected"); });
    var box = boxOf(faceId);
    if (!box) return;
    box.classList.add("selected");
    if (center && zoom > 1) {
      zoomBox.scrollLeft = box.offsetLeft + box.offsetWidth / 2 - zoomBox.clientWidth / 2;
      zoomBox.scrollTop = box.offsetTop + box.offsetHeight / 2 - zoomBox.clientHeight / 2;
    }
  }

  document.querySelectorAll(".face-box").forEach(function (box) {
    // Placed here, not in a style attribute, so the page needs no inline style (CSP).
    var place = (box.dataset.box || "").split(" ");
    if (place.length === 4) {
      box.style.left = place[0] + "%"; box.style.top = place[1] + "%";
      box.style.width = place[2] + "%"; box.style.height = place[3] + "%";
      box.classList.add("placed");
    }
    box.addEventListener("click", function () {
      var radio = radioOf(box.dataset.face);
      if (!radio) return;
      radio.checked = true;
      showFace(box.dataset.face, false);
      var tile = radio.nextElementSibling;
      if (tile && tile.scrollIntoView) tile.scrollIntoView({ block: "nearest" });
    });
  });
  document.querySelectorAll(".tile-radio").forEach(function (radio) {
    radio.addEventListener("change", function () {
      showFace(radio.value, true);
      var shown = document.querySelector(".chooser-face"), crop = radio.nextElementSibling.querySelector("img");
      if (shown && crop) shown.src = crop.src;  // the face being answered, above the names
    });
    if (radio.checked) showFace(radio.value, false);
  });
  if (frame) {
    document.querySelector(".zoom-controls").hidden = false;
    document.querySelectorAll("[data-zoom-step]").forEach(function (button) {
      button.addEventListener("click", function () {
        setZoom(zoom * parseFloat(button.dataset.zoomStep));
        var checked = document.querySelector(".tile-radio:checked");
        if (checked) showFace(checked.value, true);
      });
    });
    document.querySelector("[data-zoom-reset]").addEventListener("click", function () { setZoom(1); });
  }

  // Typing: digits pick an exception by its number (12 is "1" then "2"), letters move to the
  // first name that starts with them; Enter then chooses it. A pause of a second starts over.
  var typed = "", typedAt = 0, typedTimer = null;
  function plain(text) { return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }
  function choices() { return Array.prototype.slice.call(document.querySelectorAll(".face-answer .choice")); }
  function choose(button) { if (button) button.click(); }

  document.addEventListener("keydown", function (event) {
    var tag = (event.target.tagName || "").toLowerCase();
    if (tag === "textarea" || tag === "select" || (tag === "input" && event.target.type !== "radio")) return;
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var form = document.querySelector(".face-answer");
    if (event.key === "Enter") {
      if (event.target.closest && event.target.closest("button, a, summary")) return;
      var confirm = document.querySelector("form[data-confirm]");
      if (confirm) { event.preventDefault(); confirm.submit(); }
      return;
    }
    if (!form) return;
    var radios = Array.prototype.slice.call(form.querySelectorAll(".tile-radio"));
    var checked = radios.filter(function (r) { return r.checked; })[0];
    if ((event.key === "ArrowRight" || event.key === "ArrowLeft") && tag !== "input") {
      var at = radios.indexOf(checked), step = event.key === "ArrowRight" ? 1 : -1;
      var next = radios[(at + step + radios.length) % radios.length];
      next.checked = true; next.focus(); showFace(next.value, true);
      event.preventDefault();
      return;
    }
    if (event.key === "Backspace" || event.key === "Delete") {
      choose(form.querySelector(".choice[value=clear]"));
      event.preventDefault();
      return;
    }
    if (event.key.length !== 1 || !/[0-9a-zA-Z\u00C0-\u024F]/.test(event.key)) return;
    var now = Date.now();
    if (now - typedAt > 1000) typed = "";
    typedAt = now;
    typed += event.key;
    event.preventDefault();
    clearTimeout(typedTimer);
    choices().forEach(function (c) { c.classList.remove("typed"); });
    if (/^[0-9]+$/.test(typed)) {
      var exact = form.querySelector(".choice[data-key='" + typed + "']");
      var longer = choices().some(function (c) { return c.dataset.key && c.dataset.key !== typed && c.dataset.key.indexOf(typed) === 0; });
      if (exact && !longer) { choose(exact); typed = ""; }
      else if (exact) { exact.classList.add("typed"); typedTimer = setTimeout(function () { choose(exact); typed = ""; }, 1000); }
      return;
    }
    var wanted = plain(typed.trim());
    var match = choices().filter(function (c) {
      return c.dataset.name && plain(c.dataset.name).split(/\s+/).concat([plain(c.dataset.name)]).some(function (w) { return w.indexOf(wanted) === 0; });
    })[0];
    if (match) {
      var others = match.closest("details");
      if (others) others.open = true;
      match.focus();
      match.classList.add("typed");
    }
  });

  // --- Draw a face the detector missed: drag over the photo.
  document.querySelectorAll(".photo-frame").forEach(function (frame) {
    var form = document.getElementById(frame.dataset.drawForm);
    if (!form) return;
    var start = null, rect = null;
    function point(event) {
      var box = frame.getBoundingClientRect();
      return { x: Math.min(Math.max(event.clientX - box.left, 0), box.width), y: Math.min(Math.max(event.clientY - box.top, 0), box.height), w: box.width, h: box.height };
    }
    // Drawing only while its panel is open: otherwise a finger on the photo pans it.
    var panel = form.closest("details");
    if (panel) panel.addEventListener("toggle", function () { frame.classList.toggle("drawing-mode", panel.open); });
    frame.addEventListener("pointerdown", function (event) {
      if (panel && !panel.open) return;
      if (event.target.closest(".face-box")) return;
      start = point(event);
      rect = document.createElement("div");
      rect.className = "face-box drawing";
      frame.appendChild(rect);
      frame.setPointerCapture(event.pointerId);
    });
    frame.addEventListener("pointermove", function (event) {
      if (!start) return;
      var p = point(event);
      rect.style.left = Math.min(start.x, p.x) + "px"; rect.style.top = Math.min(start.y, p.y) + "px";
      rect.style.width = Math.abs(p.x - start.x) + "px"; rect.style.height = Math.abs(p.y - start.y) + "px";
    });
    frame.addEventListener("pointerup", function (event) {
      if (!start) return;
      var p = point(event);
      var scaleX = frame.dataset.width / p.w, scaleY = frame.dataset.height / p.h;
      var x1 = Math.round(Math.min(start.x, p.x) * scaleX), x2 = Math.round(Math.max(start.x, p.x) * scaleX);
      var y1 = Math.round(Math.min(start.y, p.y) * scaleY), y2 = Math.round(Math.max(start.y, p.y) * scaleY);
      start = null;
      if (x2 - x1 < 8 || y2 - y1 < 8) { frame.removeChild(rect); return; }
      form.querySelector("[name=x1]").value = x1; form.querySelector("[name=y1]").value = y1;
      form.querySelector("[name=x2]").value = x2; form.querySelector("[name=y2]").value = y2;
      form.submit();
    });
  });
})();
